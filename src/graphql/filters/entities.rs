//! The filter and order inputs of each entity.

use async_graphql::{Enum, InputObject};
use entity::{
    alliance, hub, hub_membership, icb, region, site, training_course, transformation_project,
    trust,
};
use entity::{
    genomic_medicine_centre, network_of_excellence, organisation, source_conflict, timeline_event,
};
use sea_orm::sea_query::Order;

use super::{
    BuildFilter, ConfidenceFilter, CourseFormatFilter, DateFilter, IdFilter, IntFilter,
    MembershipRoleFilter, OrderDirection, OrderKey, Parts, ProjectStatusFilter, ProjectThemeFilter,
    StringFilter,
};
use crate::error::AppResult;
use crate::service::filter::Filter;
use crate::service::kinds::{
    AllianceCourses, AllianceLedProjects, AllianceParticipations, AllianceRegions, HubCourses,
    HubIcbs, HubMemberships, HubRegions, IcbHubs, IcbServingHubs, IcbTrusts,
    OrganisationMemberships, ProjectLeads, ProjectParticipants, RegionAlliances, RegionHubs,
    RegionIcbs, RegionTrusts, SiteServingHubs, TrustLedHubs, TrustMemberships, TrustServingHubs,
    TrustSites,
};

/// Which regions to return: every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct RegionFilter {
    /// Tests on the global id.
    pub id: Option<IdFilter>,
    /// Tests on the ONS code.
    pub code: Option<StringFilter>,
    /// Tests on the ODS code.
    pub ods_code: Option<StringFilter>,
    /// Tests on the name.
    pub name: Option<StringFilter>,
    /// The hubs covering the region.
    pub hubs: Option<Box<HubListFilter>>,
    /// The alliances covering the region.
    pub alliances: Option<Box<AllianceListFilter>>,
    /// The trusts in the region.
    pub trusts: Option<Box<TrustListFilter>>,
    /// The integrated care boards in the region.
    pub icbs: Option<Box<IcbListFilter>>,
    /// Every one of these filters holds.
    pub and: Option<Vec<RegionFilter>>,
    /// At least one of these filters holds.
    pub or: Option<Vec<RegionFilter>>,
    /// This filter does not hold: exactly the rows it leaves out, missing values included.
    pub not: Option<Box<RegionFilter>>,
}

impl BuildFilter for RegionFilter {
    fn build(&self) -> AppResult<Filter> {
        let mut parts = Parts::default();
        parts.id::<region::Entity>(&self.id)?;
        parts.string(region::Column::Code, &self.code);
        parts.string(region::Column::OdsCode, &self.ods_code);
        parts.string(region::Column::Name, &self.name);
        parts.many::<RegionHubs, _>(&self.hubs)?;
        parts.many::<RegionAlliances, _>(&self.alliances)?;
        parts.many::<RegionTrusts, _>(&self.trusts)?;
        parts.many::<RegionIcbs, _>(&self.icbs)?;
        parts.logic(&self.and, &self.or, &self.not)?;
        Ok(parts.finish())
    }
}

list_filter!(RegionListFilter of RegionFilter);

/// Which trusts to return: every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct TrustFilter {
    /// Tests on the global id.
    pub id: Option<IdFilter>,
    /// Tests on the ODS code.
    pub ods_code: Option<StringFilter>,
    /// Tests on the name.
    pub name: Option<StringFilter>,
    /// Tests on the postcode.
    pub postcode: Option<StringFilter>,
    /// Tests on the website.
    pub website: Option<StringFilter>,
    /// The region the trust is in.
    pub region: Option<Box<RegionFilter>>,
    /// The hubs the trust leads.
    pub led_hubs: Option<Box<HubListFilter>>,
    /// The integrated care board the trust's sites are in.
    pub icb: Option<Box<IcbFilter>>,
    /// The trust's sites.
    pub sites: Option<Box<SiteListFilter>>,
    /// The trust's hub memberships.
    pub hub_memberships: Option<Box<HubMembershipListFilter>>,
    /// The hubs serving the trust (see `Trust.servingHubs`).
    pub serving_hubs: Option<Box<HubListFilter>>,
    /// Every one of these filters holds.
    pub and: Option<Vec<TrustFilter>>,
    /// At least one of these filters holds.
    pub or: Option<Vec<TrustFilter>>,
    /// This filter does not hold: exactly the rows it leaves out, missing values included.
    pub not: Option<Box<TrustFilter>>,
}

impl BuildFilter for TrustFilter {
    fn build(&self) -> AppResult<Filter> {
        let mut parts = Parts::default();
        parts.id::<trust::Entity>(&self.id)?;
        parts.string(trust::Column::OdsCode, &self.ods_code);
        parts.string(trust::Column::Name, &self.name);
        parts.string(trust::Column::Postcode, &self.postcode);
        parts.string(trust::Column::Website, &self.website);
        parts.one(trust::Column::RegionId, region::Column::Id, &self.region)?;
        parts.many::<TrustLedHubs, _>(&self.led_hubs)?;
        parts.one(trust::Column::IcbId, icb::Column::Id, &self.icb)?;
        parts.many::<TrustSites, _>(&self.sites)?;
        parts.many::<TrustMemberships, _>(&self.hub_memberships)?;
        parts.many::<TrustServingHubs, _>(&self.serving_hubs)?;
        parts.logic(&self.and, &self.or, &self.not)?;
        Ok(parts.finish())
    }
}

list_filter!(TrustListFilter of TrustFilter);

/// Which integrated care boards to return: every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct IcbFilter {
    /// Tests on the global id.
    pub id: Option<IdFilter>,
    /// Tests on the ODS code.
    pub ods_code: Option<StringFilter>,
    /// Tests on the ONS code.
    pub code: Option<StringFilter>,
    /// Tests on the name.
    pub name: Option<StringFilter>,
    /// The region the board is in.
    pub region: Option<Box<RegionFilter>>,
    /// The trusts in the board's area.
    pub trusts: Option<Box<TrustListFilter>>,
    /// The hubs linked to the board's area.
    pub hubs: Option<Box<HubListFilter>>,
    /// The hubs serving the board's area (see `Icb.servingHubs`).
    pub serving_hubs: Option<Box<HubListFilter>>,
    /// Every one of these filters holds.
    pub and: Option<Vec<IcbFilter>>,
    /// At least one of these filters holds.
    pub or: Option<Vec<IcbFilter>>,
    /// This filter does not hold: exactly the rows it leaves out, missing values included.
    pub not: Option<Box<IcbFilter>>,
}

impl BuildFilter for IcbFilter {
    fn build(&self) -> AppResult<Filter> {
        let mut parts = Parts::default();
        parts.id::<icb::Entity>(&self.id)?;
        parts.string(icb::Column::OdsCode, &self.ods_code);
        parts.string(icb::Column::Code, &self.code);
        parts.string(icb::Column::Name, &self.name);
        parts.one(icb::Column::RegionId, region::Column::Id, &self.region)?;
        parts.many::<IcbTrusts, _>(&self.trusts)?;
        parts.many::<IcbHubs, _>(&self.hubs)?;
        parts.many::<IcbServingHubs, _>(&self.serving_hubs)?;
        parts.logic(&self.and, &self.or, &self.not)?;
        Ok(parts.finish())
    }
}

list_filter!(IcbListFilter of IcbFilter);

/// Which sites to return: every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct SiteFilter {
    /// Tests on the global id.
    pub id: Option<IdFilter>,
    /// Tests on the ODS code.
    pub ods_code: Option<StringFilter>,
    /// Tests on the name.
    pub name: Option<StringFilter>,
    /// Tests on the postcode.
    pub postcode: Option<StringFilter>,
    /// The trust the site belongs to.
    pub trust: Option<Box<TrustFilter>>,
    /// The hubs serving the site (its trust's).
    pub serving_hubs: Option<Box<HubListFilter>>,
    /// Every one of these filters holds.
    pub and: Option<Vec<SiteFilter>>,
    /// At least one of these filters holds.
    pub or: Option<Vec<SiteFilter>>,
    /// This filter does not hold: exactly the rows it leaves out, missing values included.
    pub not: Option<Box<SiteFilter>>,
}

impl BuildFilter for SiteFilter {
    fn build(&self) -> AppResult<Filter> {
        let mut parts = Parts::default();
        parts.id::<site::Entity>(&self.id)?;
        parts.string(site::Column::OdsCode, &self.ods_code);
        parts.string(site::Column::Name, &self.name);
        parts.string(site::Column::Postcode, &self.postcode);
        parts.one(site::Column::TrustId, trust::Column::Id, &self.trust)?;
        parts.many::<SiteServingHubs, _>(&self.serving_hubs)?;
        parts.logic(&self.and, &self.or, &self.not)?;
        Ok(parts.finish())
    }
}

list_filter!(SiteListFilter of SiteFilter);

/// Which hub memberships to return: every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct HubMembershipFilter {
    /// Tests on the global id.
    pub id: Option<IdFilter>,
    /// Tests on the slug.
    pub slug: Option<StringFilter>,
    /// Tests on the name as stated.
    pub name_as_stated: Option<StringFilter>,
    /// Tests on the role.
    pub role: Option<MembershipRoleFilter>,
    /// Tests on the role's confidence.
    pub role_confidence: Option<ConfidenceFilter>,
    /// The hub.
    pub hub: Option<Box<HubFilter>>,
    /// The member as a trust (none where its ODS code is not known).
    pub trust: Option<Box<TrustFilter>>,
    /// The member as an organisation that is not a trust of the ODS data.
    pub organisation: Option<Box<OrganisationFilter>>,
    /// Every one of these filters holds.
    pub and: Option<Vec<HubMembershipFilter>>,
    /// At least one of these filters holds.
    pub or: Option<Vec<HubMembershipFilter>>,
    /// This filter does not hold: exactly the rows it leaves out, missing values included.
    pub not: Option<Box<HubMembershipFilter>>,
}

impl BuildFilter for HubMembershipFilter {
    fn build(&self) -> AppResult<Filter> {
        let mut parts = Parts::default();
        parts.id::<hub_membership::Entity>(&self.id)?;
        parts.string(hub_membership::Column::Slug, &self.slug);
        parts.string(hub_membership::Column::NameAsStated, &self.name_as_stated);
        parts.enum_tests(hub_membership::Column::Role, &self.role);
        parts.enum_tests(
            hub_membership::Column::RoleConfidence,
            &self.role_confidence,
        );
        parts.one(hub_membership::Column::HubId, hub::Column::Id, &self.hub)?;
        parts.one(
            hub_membership::Column::TrustId,
            trust::Column::Id,
            &self.trust,
        )?;
        parts.one(
            hub_membership::Column::OrganisationId,
            organisation::Column::Id,
            &self.organisation,
        )?;
        parts.logic(&self.and, &self.or, &self.not)?;
        Ok(parts.finish())
    }
}

list_filter!(HubMembershipListFilter of HubMembershipFilter);

/// Which Networks of Excellence to return: every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct NetworkOfExcellenceFilter {
    /// Tests on the global id.
    pub id: Option<IdFilter>,
    /// Tests on the slug.
    pub slug: Option<StringFilter>,
    /// Tests on the topic.
    pub topic: Option<StringFilter>,
    /// Tests on how sure the data is of the lead.
    pub lead_confidence: Option<ConfidenceFilter>,
    /// Every one of these filters holds.
    pub and: Option<Vec<NetworkOfExcellenceFilter>>,
    /// At least one of these filters holds.
    pub or: Option<Vec<NetworkOfExcellenceFilter>>,
    /// This filter does not hold: exactly the rows it leaves out, missing values included.
    pub not: Option<Box<NetworkOfExcellenceFilter>>,
}

impl BuildFilter for NetworkOfExcellenceFilter {
    fn build(&self) -> AppResult<Filter> {
        let mut parts = Parts::default();
        parts.id::<network_of_excellence::Entity>(&self.id)?;
        parts.string(network_of_excellence::Column::Slug, &self.slug);
        parts.string(network_of_excellence::Column::Topic, &self.topic);
        parts.enum_tests(
            network_of_excellence::Column::LeadConfidence,
            &self.lead_confidence,
        );
        parts.logic(&self.and, &self.or, &self.not)?;
        Ok(parts.finish())
    }
}

/// Which Genomic Medicine Centres to return: every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct GenomicMedicineCentreFilter {
    /// Tests on the global id.
    pub id: Option<IdFilter>,
    /// Tests on the slug.
    pub slug: Option<StringFilter>,
    /// Tests on the name.
    pub name: Option<StringFilter>,
    /// Tests on when it was designated.
    pub valid_from: Option<DateFilter>,
    /// The lead trust.
    pub lead_trust: Option<Box<TrustFilter>>,
    /// Every one of these filters holds.
    pub and: Option<Vec<GenomicMedicineCentreFilter>>,
    /// At least one of these filters holds.
    pub or: Option<Vec<GenomicMedicineCentreFilter>>,
    /// This filter does not hold: exactly the rows it leaves out, missing values included.
    pub not: Option<Box<GenomicMedicineCentreFilter>>,
}

impl BuildFilter for GenomicMedicineCentreFilter {
    fn build(&self) -> AppResult<Filter> {
        let mut parts = Parts::default();
        parts.id::<genomic_medicine_centre::Entity>(&self.id)?;
        parts.string(genomic_medicine_centre::Column::Slug, &self.slug);
        parts.string(genomic_medicine_centre::Column::Name, &self.name);
        parts.date(genomic_medicine_centre::Column::ValidFrom, &self.valid_from);
        parts.one(
            genomic_medicine_centre::Column::LeadTrustId,
            trust::Column::Id,
            &self.lead_trust,
        )?;
        parts.logic(&self.and, &self.or, &self.not)?;
        Ok(parts.finish())
    }
}

/// Which timeline events to return: every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct TimelineEventFilter {
    /// Tests on the global id.
    pub id: Option<IdFilter>,
    /// Tests on the slug.
    pub slug: Option<StringFilter>,
    /// Tests on the date (the first day of the period the sources give).
    pub date: Option<DateFilter>,
    /// Tests on what happened.
    pub event: Option<StringFilter>,
    /// Tests on how sure the data is of it.
    pub confidence: Option<ConfidenceFilter>,
    /// Every one of these filters holds.
    pub and: Option<Vec<TimelineEventFilter>>,
    /// At least one of these filters holds.
    pub or: Option<Vec<TimelineEventFilter>>,
    /// This filter does not hold: exactly the rows it leaves out, missing values included.
    pub not: Option<Box<TimelineEventFilter>>,
}

impl BuildFilter for TimelineEventFilter {
    fn build(&self) -> AppResult<Filter> {
        let mut parts = Parts::default();
        parts.id::<timeline_event::Entity>(&self.id)?;
        parts.string(timeline_event::Column::Slug, &self.slug);
        parts.date(timeline_event::Column::Date, &self.date);
        parts.string(timeline_event::Column::Event, &self.event);
        parts.enum_tests(timeline_event::Column::Confidence, &self.confidence);
        parts.logic(&self.and, &self.or, &self.not)?;
        Ok(parts.finish())
    }
}

/// Which organisations to return: every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct OrganisationFilter {
    /// Tests on the global id.
    pub id: Option<IdFilter>,
    /// Tests on the slug.
    pub slug: Option<StringFilter>,
    /// Tests on the name.
    pub name: Option<StringFilter>,
    /// Tests on the ODS code (null where none is sourced).
    pub ods_code: Option<StringFilter>,
    /// Its memberships of hubs.
    pub hub_memberships: Option<Box<HubMembershipListFilter>>,
    /// Every one of these filters holds.
    pub and: Option<Vec<OrganisationFilter>>,
    /// At least one of these filters holds.
    pub or: Option<Vec<OrganisationFilter>>,
    /// This filter does not hold: exactly the rows it leaves out, missing values included.
    pub not: Option<Box<OrganisationFilter>>,
}

impl BuildFilter for OrganisationFilter {
    fn build(&self) -> AppResult<Filter> {
        let mut parts = Parts::default();
        parts.id::<organisation::Entity>(&self.id)?;
        parts.string(organisation::Column::Slug, &self.slug);
        parts.string(organisation::Column::Name, &self.name);
        parts.string(organisation::Column::OdsCode, &self.ods_code);
        parts.many::<OrganisationMemberships, _>(&self.hub_memberships)?;
        parts.logic(&self.and, &self.or, &self.not)?;
        Ok(parts.finish())
    }
}

/// Which conflicts between sources to return: every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct SourceConflictFilter {
    /// Tests on the global id.
    pub id: Option<IdFilter>,
    /// Tests on the slug.
    pub slug: Option<StringFilter>,
    /// Tests on the topic.
    pub topic: Option<StringFilter>,
    /// Tests on the contradiction in the reference's words.
    pub detail: Option<StringFilter>,
    /// Every one of these filters holds.
    pub and: Option<Vec<SourceConflictFilter>>,
    /// At least one of these filters holds.
    pub or: Option<Vec<SourceConflictFilter>>,
    /// This filter does not hold: exactly the rows it leaves out, missing values included.
    pub not: Option<Box<SourceConflictFilter>>,
}

impl BuildFilter for SourceConflictFilter {
    fn build(&self) -> AppResult<Filter> {
        let mut parts = Parts::default();
        parts.id::<source_conflict::Entity>(&self.id)?;
        parts.string(source_conflict::Column::Slug, &self.slug);
        parts.string(source_conflict::Column::Topic, &self.topic);
        parts.string(source_conflict::Column::Detail, &self.detail);
        parts.logic(&self.and, &self.or, &self.not)?;
        Ok(parts.finish())
    }
}

/// Which hubs to return: every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct HubFilter {
    /// Tests on the global id.
    pub id: Option<IdFilter>,
    /// Tests on the slug.
    pub slug: Option<StringFilter>,
    /// Tests on the name.
    pub name: Option<StringFilter>,
    /// Tests on the coverage description.
    pub coverage_description: Option<StringFilter>,
    /// The trust leading the hub.
    pub lead_trust: Option<Box<TrustFilter>>,
    /// The alliance working with the hub.
    pub alliance: Option<Box<AllianceFilter>>,
    /// The regions the hub covers.
    pub regions: Option<Box<RegionListFilter>>,
    /// The courses the hub offers.
    pub courses: Option<Box<TrainingCourseListFilter>>,
    /// The ICBs the hub serves.
    pub icbs: Option<Box<IcbListFilter>>,
    /// The hub's members.
    pub memberships: Option<Box<HubMembershipListFilter>>,
    /// Every one of these filters holds.
    pub and: Option<Vec<HubFilter>>,
    /// At least one of these filters holds.
    pub or: Option<Vec<HubFilter>>,
    /// This filter does not hold: exactly the rows it leaves out, missing values included.
    pub not: Option<Box<HubFilter>>,
}

impl BuildFilter for HubFilter {
    fn build(&self) -> AppResult<Filter> {
        let mut parts = Parts::default();
        parts.id::<hub::Entity>(&self.id)?;
        parts.string(hub::Column::Slug, &self.slug);
        parts.string(hub::Column::Name, &self.name);
        parts.string(hub::Column::CoverageDescription, &self.coverage_description);
        parts.one(
            hub::Column::LeadTrustId,
            trust::Column::Id,
            &self.lead_trust,
        )?;
        parts.one(hub::Column::Id, alliance::Column::HubId, &self.alliance)?;
        parts.many::<HubRegions, _>(&self.regions)?;
        parts.many::<HubCourses, _>(&self.courses)?;
        parts.many::<HubIcbs, _>(&self.icbs)?;
        parts.many::<HubMemberships, _>(&self.memberships)?;
        parts.logic(&self.and, &self.or, &self.not)?;
        Ok(parts.finish())
    }
}

list_filter!(HubListFilter of HubFilter);

/// Which alliances to return: every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct AllianceFilter {
    /// Tests on the global id.
    pub id: Option<IdFilter>,
    /// Tests on the slug.
    pub slug: Option<StringFilter>,
    /// Tests on the name.
    pub name: Option<StringFilter>,
    /// Tests on the website.
    pub website: Option<StringFilter>,
    /// The hub the alliance works with.
    pub hub: Option<Box<HubFilter>>,
    /// The trust hosting the alliance.
    pub host_trust: Option<Box<TrustFilter>>,
    /// The regions the alliance covers.
    pub regions: Option<Box<RegionListFilter>>,
    /// The projects the alliance leads.
    pub projects: Option<Box<TransformationProjectListFilter>>,
    /// The projects the alliance takes part in.
    pub participating_projects: Option<Box<TransformationProjectListFilter>>,
    /// The courses the alliance offers.
    pub courses: Option<Box<TrainingCourseListFilter>>,
    /// Every one of these filters holds.
    pub and: Option<Vec<AllianceFilter>>,
    /// At least one of these filters holds.
    pub or: Option<Vec<AllianceFilter>>,
    /// This filter does not hold: exactly the rows it leaves out, missing values included.
    pub not: Option<Box<AllianceFilter>>,
}

impl BuildFilter for AllianceFilter {
    fn build(&self) -> AppResult<Filter> {
        let mut parts = Parts::default();
        parts.id::<alliance::Entity>(&self.id)?;
        parts.string(alliance::Column::Slug, &self.slug);
        parts.string(alliance::Column::Name, &self.name);
        parts.string(alliance::Column::Website, &self.website);
        parts.one(alliance::Column::HubId, hub::Column::Id, &self.hub)?;
        parts.one(
            alliance::Column::HostTrustId,
            trust::Column::Id,
            &self.host_trust,
        )?;
        parts.many::<AllianceRegions, _>(&self.regions)?;
        parts.many::<AllianceLedProjects, _>(&self.projects)?;
        parts.many::<AllianceParticipations, _>(&self.participating_projects)?;
        parts.many::<AllianceCourses, _>(&self.courses)?;
        parts.logic(&self.and, &self.or, &self.not)?;
        Ok(parts.finish())
    }
}

list_filter!(AllianceListFilter of AllianceFilter);

/// Which transformation projects to return: every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct TransformationProjectFilter {
    /// Tests on the global id.
    pub id: Option<IdFilter>,
    /// Tests on the slug.
    pub slug: Option<StringFilter>,
    /// Tests on the title.
    pub title: Option<StringFilter>,
    /// Tests on the summary.
    pub summary: Option<StringFilter>,
    /// Tests on the theme.
    pub theme: Option<ProjectThemeFilter>,
    /// Tests on the status.
    pub status: Option<ProjectStatusFilter>,
    /// Tests on how sure the data is of the status.
    pub status_confidence: Option<ConfidenceFilter>,
    /// Tests on how sure the data is of the title.
    pub title_confidence: Option<ConfidenceFilter>,
    /// Tests on the start date.
    pub start_date: Option<DateFilter>,
    /// Tests on the end date.
    pub end_date: Option<DateFilter>,
    /// Tests on the website.
    pub website: Option<StringFilter>,
    /// The alliance leading the project, where exactly one does (see `leadAlliances`).
    pub lead_alliance: Option<Box<AllianceFilter>>,
    /// The alliances leading the project.
    pub lead_alliances: Option<Box<AllianceListFilter>>,
    /// The alliances taking part.
    pub participating_alliances: Option<Box<AllianceListFilter>>,
    /// Every one of these filters holds.
    pub and: Option<Vec<TransformationProjectFilter>>,
    /// At least one of these filters holds.
    pub or: Option<Vec<TransformationProjectFilter>>,
    /// This filter does not hold: exactly the rows it leaves out, missing values included.
    pub not: Option<Box<TransformationProjectFilter>>,
}

impl BuildFilter for TransformationProjectFilter {
    fn build(&self) -> AppResult<Filter> {
        let mut parts = Parts::default();
        parts.id::<transformation_project::Entity>(&self.id)?;
        parts.string(transformation_project::Column::Slug, &self.slug);
        parts.string(transformation_project::Column::Title, &self.title);
        parts.string(transformation_project::Column::Summary, &self.summary);
        parts.enum_tests(transformation_project::Column::Theme, &self.theme);
        parts.enum_tests(transformation_project::Column::Status, &self.status);
        parts.enum_tests(
            transformation_project::Column::StatusConfidence,
            &self.status_confidence,
        );
        parts.enum_tests(
            transformation_project::Column::TitleConfidence,
            &self.title_confidence,
        );
        parts.date(transformation_project::Column::StartDate, &self.start_date);
        parts.date(transformation_project::Column::EndDate, &self.end_date);
        parts.string(transformation_project::Column::Website, &self.website);
        parts.one(
            transformation_project::Column::LeadAllianceId,
            alliance::Column::Id,
            &self.lead_alliance,
        )?;
        parts.many::<ProjectLeads, _>(&self.lead_alliances)?;
        parts.many::<ProjectParticipants, _>(&self.participating_alliances)?;
        parts.logic(&self.and, &self.or, &self.not)?;
        Ok(parts.finish())
    }
}

list_filter!(TransformationProjectListFilter of TransformationProjectFilter);

/// Which training courses to return: every condition given must hold.
#[derive(InputObject, Default, Clone)]
pub struct TrainingCourseFilter {
    /// Tests on the global id.
    pub id: Option<IdFilter>,
    /// Tests on the slug.
    pub slug: Option<StringFilter>,
    /// Tests on the title.
    pub title: Option<StringFilter>,
    /// Tests on the provider.
    pub provider: Option<StringFilter>,
    /// Tests on the format.
    pub format: Option<CourseFormatFilter>,
    /// Tests on the audience.
    pub audience: Option<StringFilter>,
    /// Tests on the duration in minutes.
    pub duration_minutes: Option<IntFilter>,
    /// Tests on the academic credits.
    pub credits: Option<IntFilter>,
    /// Tests on the website.
    pub website: Option<StringFilter>,
    /// The alliance offering the course.
    pub alliance: Option<Box<AllianceFilter>>,
    /// The hub offering the course.
    pub hub: Option<Box<HubFilter>>,
    /// Every one of these filters holds.
    pub and: Option<Vec<TrainingCourseFilter>>,
    /// At least one of these filters holds.
    pub or: Option<Vec<TrainingCourseFilter>>,
    /// This filter does not hold: exactly the rows it leaves out, missing values included.
    pub not: Option<Box<TrainingCourseFilter>>,
}

impl BuildFilter for TrainingCourseFilter {
    fn build(&self) -> AppResult<Filter> {
        let mut parts = Parts::default();
        parts.id::<training_course::Entity>(&self.id)?;
        parts.string(training_course::Column::Slug, &self.slug);
        parts.string(training_course::Column::Title, &self.title);
        parts.string(training_course::Column::Provider, &self.provider);
        parts.enum_tests(training_course::Column::Format, &self.format);
        parts.string(training_course::Column::Audience, &self.audience);
        parts.int(
            training_course::Column::DurationMinutes,
            &self.duration_minutes,
        );
        parts.int(training_course::Column::Credits, &self.credits);
        parts.string(training_course::Column::Website, &self.website);
        parts.one(
            training_course::Column::AllianceId,
            alliance::Column::Id,
            &self.alliance,
        )?;
        parts.one(training_course::Column::HubId, hub::Column::Id, &self.hub)?;
        parts.logic(&self.and, &self.or, &self.not)?;
        Ok(parts.finish())
    }
}

list_filter!(TrainingCourseListFilter of TrainingCourseFilter);

macro_rules! order_input {
    ($(#[$doc:meta])* $input:ident, $field:ident, $module:ident { $($(#[$vdoc:meta])* $variant:ident => $column:ident,)* }) => {
        $(#[$doc])*
        #[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $field {
            $($(#[$vdoc])* $variant,)*
        }

        /// One key of an ordering; the id always breaks ties last.
        #[derive(InputObject, Clone)]
        pub struct $input {
            /// What to order by.
            pub field: $field,
            /// Which way: ascending unless given.
            #[graphql(default)]
            pub direction: OrderDirection,
        }

        impl OrderKey<$module::Entity> for $input {
            fn key(&self) -> ($module::Column, Order) {
                let column = match self.field {
                    $($field::$variant => $module::Column::$column,)*
                };
                (column, self.direction.into())
            }
        }
    };
}

order_input!(
    /// What regions can be ordered by.
    RegionOrder, RegionOrderField, region {
        /// The ONS code.
        Code => Code,
        /// The ODS code.
        OdsCode => OdsCode,
        /// The name.
        Name => Name,
    }
);
order_input!(
    /// What trusts can be ordered by.
    TrustOrder, TrustOrderField, trust {
        /// The ODS code.
        OdsCode => OdsCode,
        /// The name.
        Name => Name,
        /// The postcode.
        Postcode => Postcode,
    }
);
order_input!(
    /// What integrated care boards can be ordered by.
    IcbOrder, IcbOrderField, icb {
        /// The ODS code.
        OdsCode => OdsCode,
        /// The ONS code.
        Code => Code,
        /// The name.
        Name => Name,
    }
);
order_input!(
    /// What sites can be ordered by.
    SiteOrder, SiteOrderField, site {
        /// The ODS code.
        OdsCode => OdsCode,
        /// The name.
        Name => Name,
        /// The postcode.
        Postcode => Postcode,
        /// The latitude, south to north.
        Latitude => Latitude,
        /// The longitude, west to east.
        Longitude => Longitude,
    }
);
order_input!(
    /// What hub memberships can be ordered by.
    HubMembershipOrder, HubMembershipOrderField, hub_membership {
        /// The slug (by hub, then member).
        Slug => Slug,
        /// The name as stated.
        NameAsStated => NameAsStated,
        /// The role, by its value.
        Role => Role,
    }
);
order_input!(
    /// What Networks of Excellence can be ordered by.
    NetworkOfExcellenceOrder, NetworkOfExcellenceOrderField, network_of_excellence {
        /// The topic.
        Topic => Topic,
        /// The slug.
        Slug => Slug,
    }
);
order_input!(
    /// What Genomic Medicine Centres can be ordered by.
    GenomicMedicineCentreOrder, GenomicMedicineCentreOrderField, genomic_medicine_centre {
        /// The name.
        Name => Name,
        /// The slug.
        Slug => Slug,
        /// When it was designated.
        ValidFrom => ValidFrom,
    }
);
order_input!(
    /// What timeline events can be ordered by.
    TimelineEventOrder, TimelineEventOrderField, timeline_event {
        /// The date.
        Date => Date,
        /// The slug.
        Slug => Slug,
    }
);
order_input!(
    /// What organisations can be ordered by.
    OrganisationOrder, OrganisationOrderField, organisation {
        /// The name.
        Name => Name,
        /// The slug.
        Slug => Slug,
    }
);
order_input!(
    /// What conflicts between sources can be ordered by.
    SourceConflictOrder, SourceConflictOrderField, source_conflict {
        /// The topic.
        Topic => Topic,
        /// The slug.
        Slug => Slug,
    }
);
order_input!(
    /// What hubs can be ordered by.
    HubOrder, HubOrderField, hub {
        /// The name.
        Name => Name,
        /// The slug.
        Slug => Slug,
    }
);
order_input!(
    /// What alliances can be ordered by.
    AllianceOrder, AllianceOrderField, alliance {
        /// The name.
        Name => Name,
        /// The slug.
        Slug => Slug,
    }
);
order_input!(
    /// What transformation projects can be ordered by.
    TransformationProjectOrder, TransformationProjectOrderField, transformation_project {
        /// The title.
        Title => Title,
        /// The slug.
        Slug => Slug,
        /// The theme, by its value.
        Theme => Theme,
        /// The status, by its value.
        Status => Status,
        /// The start date.
        StartDate => StartDate,
        /// The end date.
        EndDate => EndDate,
    }
);
order_input!(
    /// What training courses can be ordered by.
    TrainingCourseOrder, TrainingCourseOrderField, training_course {
        /// The title.
        Title => Title,
        /// The slug.
        Slug => Slug,
        /// The provider.
        Provider => Provider,
        /// The format, by its value.
        Format => Format,
        /// The duration in minutes.
        DurationMinutes => DurationMinutes,
        /// The academic credits.
        Credits => Credits,
    }
);
