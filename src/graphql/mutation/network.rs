use async_graphql::{ID, InputObject, MaybeUndefined};

use super::{Changes, Creates, Edit, patch, reference};
use crate::error::AppResult;
use crate::graphql::values::enums::Confidence;
use crate::graphql::values::node_id::Kind;
use crate::service::write::NetworkFields;

/// A new Genomic Network of Excellence.
#[derive(InputObject)]
pub struct CreateNetworkOfExcellenceInput {
    /// Lower-case letters, digits and hyphens; its id will be `NetworkOfExcellence:<slug>`.
    pub slug: String,
    /// Its topic; not empty.
    pub topic: String,
    /// What the network is to do, in the source's words.
    pub summary: Option<String>,
    /// Its lead, as the sources say it.
    pub lead: Option<String>,
    /// How sure the data is of the lead: UNCONFIRMED where no source names it.
    pub lead_confidence: Confidence,
    /// The source's words naming the lead.
    pub lead_quote: Option<String>,
    /// The ids of the alliances leading it, where a source names them.
    #[graphql(default)]
    pub lead_alliance_ids: Vec<ID>,
    /// Its partners, as the sources say them.
    pub partners: Option<String>,
    /// What the sources leave open.
    pub note: Option<String>,
    /// Where its facts come from.
    #[graphql(default)]
    pub sources: Vec<String>,
}

/// Changes to a network: fields left out stay as they are; null clears a field.
#[derive(InputObject)]
pub struct UpdateNetworkOfExcellenceInput {
    /// Its topic; not empty.
    pub topic: Option<String>,
    /// What the network is to do, in the source's words.
    pub summary: MaybeUndefined<String>,
    /// Its lead, as the sources say it.
    pub lead: MaybeUndefined<String>,
    /// How sure the data is of the lead.
    pub lead_confidence: Option<Confidence>,
    /// The source's words naming the lead.
    pub lead_quote: MaybeUndefined<String>,
    /// The ids of the alliances leading it (replaces the list).
    pub lead_alliance_ids: Option<Vec<ID>>,
    /// Its partners, as the sources say them.
    pub partners: MaybeUndefined<String>,
    /// What the sources leave open.
    pub note: MaybeUndefined<String>,
    /// Where its facts come from (replaces the list).
    pub sources: Option<Vec<String>>,
}

/// The slugs of the alliances the ids name.
fn alliances(ids: &[ID]) -> AppResult<Vec<String>> {
    ids.iter()
        .enumerate()
        .map(|(i, id)| reference(&format!("lead_alliance_ids.{i}"), id, Kind::Alliance))
        .collect()
}

impl Creates for CreateNetworkOfExcellenceInput {
    type Fields = NetworkFields;
    fn split(self) -> AppResult<(String, NetworkFields)> {
        let fields = NetworkFields {
            topic: self.topic,
            summary: self.summary,
            lead: self.lead,
            lead_confidence: self.lead_confidence.into(),
            lead_quote: self.lead_quote,
            lead_alliances: alliances(&self.lead_alliance_ids)?,
            partners: self.partners,
            note: self.note,
            sources: self.sources,
        };
        Ok((self.slug, fields))
    }
}

impl Changes<NetworkFields> for UpdateNetworkOfExcellenceInput {
    fn changes(self) -> AppResult<Edit<NetworkFields>> {
        let leads = self
            .lead_alliance_ids
            .as_deref()
            .map(alliances)
            .transpose()?;
        Ok(Box::new(move |f| {
            if let Some(v) = self.topic {
                f.topic = v;
            }
            patch(&mut f.summary, &self.summary);
            patch(&mut f.lead, &self.lead);
            if let Some(v) = self.lead_confidence {
                f.lead_confidence = v.into();
            }
            patch(&mut f.lead_quote, &self.lead_quote);
            if let Some(v) = leads {
                f.lead_alliances = v;
            }
            patch(&mut f.partners, &self.partners);
            patch(&mut f.note, &self.note);
            if let Some(v) = self.sources {
                f.sources = v;
            }
        }))
    }
}

writes! {
    NetworkOfExcellenceMutation: NetworkOfExcellence, Networks, Editor;
    /// Adds a Genomic Network of Excellence (editors and admins).
    create_network_of_excellence(CreateNetworkOfExcellenceInput);
    /// Changes a network still at `expectedVersion` (editors and admins): a lead confirmed by a
    /// source, say.
    update_network_of_excellence(UpdateNetworkOfExcellenceInput);
    /// Deletes a network still at `expectedVersion` (editors and admins).
    delete_network_of_excellence;
}
