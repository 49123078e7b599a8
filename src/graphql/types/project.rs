use async_graphql::{Context, Result};
use entity::alliance;

use super::Alliance;
use super::connection::{Conn, LeadConn, connection, link_connection};
use crate::graphql::loaders::{optional, related};
use crate::graphql::values::enums::{Confidence, DatePrecision, ProjectStatus, ProjectTheme};
use crate::graphql::values::scalars::Date;
use crate::service::kinds::{ProjectLeads, ProjectParticipants};

api_type!(
    TransformationProject,
    transformation_project,
    TransformationProjectFilter,
    TransformationProjectOrder,
    TransformationProjectRoots
);

object! {
    /// A transformation project: work by one or more alliances to bring genomics into routine care.
    impl TransformationProject {
        /// Global, stable id: `TransformationProject:<slug>`.
        id(&self) by slug;

        key(&self) slug: "Short name for URLs.";

        fields {
            /// The project's title. Where no source names the project (`titleConfidence`
            /// UNCONFIRMED), the words it was listed under, which are a description, not a name.
            async fn title(&self) -> &str {
                &self.0.title
            }

            /// How sure the data is of the title: STATED when a source gives it, INFERRED when it
            /// is put together from a source's words, UNCONFIRMED when no source names the project.
            async fn title_confidence(&self) -> Confidence {
                self.0.title_confidence.into()
            }

            /// Other titles the sources give the project.
            async fn other_titles(&self) -> &[String] {
                self.0.other_titles.as_ref().map_or(&[], |t| t.0.as_slice())
            }

            /// What the project does, in a source's words where one describes it (a description,
            /// a quote, or what the sources were found to say); otherwise its title.
            async fn summary(&self) -> &str {
                &self.0.summary
            }

            /// The area the project works in.
            async fn theme(&self) -> ProjectTheme {
                self.0.theme.into()
            }

            /// Where the project stands: as a source states it, or as worked out from one
            /// (`statusConfidence` INFERRED, never ACTIVE), or UNCONFIRMED.
            async fn status(&self) -> ProjectStatus {
                self.0.status.into()
            }

            /// How sure the data is of the status.
            async fn status_confidence(&self) -> Confidence {
                self.0.status_confidence.into()
            }

            /// The source's words on the status, and as of when; or why it is unconfirmed.
            async fn status_note(&self) -> Option<&str> {
                self.0.status_note.as_deref()
            }

            /// When the project started: the first day of the year or month where a source gives
            /// only that (`startDatePrecision`); null where no source gives it.
            async fn start_date(&self) -> Option<Date> {
                self.0.start_date.map(Date)
            }

            /// How much of `startDate` the sources give.
            async fn start_date_precision(&self) -> Option<DatePrecision> {
                self.0.start_date_precision.map(Into::into)
            }

            /// When the project ended or is due to end, if known, to the precision of
            /// `endDatePrecision`.
            async fn end_date(&self) -> Option<Date> {
                self.0.end_date.map(Date)
            }

            /// How much of `endDate` the sources give.
            async fn end_date_precision(&self) -> Option<DatePrecision> {
                self.0.end_date_precision.map(Into::into)
            }

            /// Who takes part, in the sources' words.
            async fn participants_as_stated(&self) -> Option<&str> {
                self.0.participants.as_deref()
            }

            /// The project's own web page, if it has one.
            async fn website(&self) -> Option<&str> {
                self.0.website.as_deref()
            }
        }

        record(&self) by slug;

        relations {
            /// The alliance leading the project where exactly one does; null where several do
            /// or none is named.
            #[graphql(deprecation = "A project may have several leads: use leadAlliances.")]
            async fn lead_alliance(&self, ctx: &Context<'_>) -> Result<Option<Alliance>> {
                Ok(optional::<alliance::Entity>(ctx, self.0.lead_alliance_id)
                    .await?
                    .map(Into::into))
            }
        }

        connections {
            /// The alliances leading the project, each with how sure the data is of it and the
            /// source's words; empty where no source names a lead.
            fn lead_alliances(&self, ctx, query) -> LeadConn<Alliance> {
                Ok(link_connection(related::<ProjectLeads>(ctx, self.0.id, query).await?)?)
            }

            /// The alliances taking part in the project, its lead alliance included.
            fn participating_alliances(&self, ctx, query) -> Conn<Alliance> {
                Ok(connection(related::<ProjectParticipants>(ctx, self.0.id, query).await?))
            }
        }
    }
}

roots! {
    TransformationProject: TransformationProjectRoots(TransformationProjectList, TransformationProjectLookups) {
        /// Transformation projects, by title.
        list transformation_projects;
        /// By global id, e.g. `TransformationProject:brca-carrier-app`; null if there is none.
        transformation_project(id: async_graphql::ID = "Its global id, `<Type>:<key>`, as its `id` field gives it.") by_id;
        /// By slug, e.g. `brca-carrier-app`; null if there is none.
        transformation_project_by_slug(slug: String = "Its slug: the key in its global id after the colon.") by_key;
    }
}

crate::graphql::plan::planned! {
    TransformationProject(transformation_project) by slug {
        own {
            "slug": str slug,
            "title": str title,
            "titleConfidence": enum title_confidence as Confidence,
            "summary": str summary,
            "theme": enum theme as ProjectTheme,
            "status": enum status as ProjectStatus,
            "statusConfidence": enum status_confidence as Confidence,
            "statusNote": opt_str status_note,
            "startDatePrecision": opt_enum start_date_precision as DatePrecision,
            "endDatePrecision": opt_enum end_date_precision as DatePrecision,
            "participantsAsStated": opt_str participants,
            "website": opt_str website,
            "version": int version,
        }
        one { "leadAlliance": optional Alliance by lead_alliance_id }
        many {
            "participatingAlliances": ProjectParticipants => Alliance
                with async_graphql::connection::EmptyFields,
            "leadAlliances": ProjectLeads => Alliance with super::connection::Lead,
        }
    }
}
