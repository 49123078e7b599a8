use async_graphql::{Context, Result};
use entity::alliance;

use super::Alliance;
use super::connection::{Conn, connection};
use crate::graphql::loaders::{optional, related};
use crate::graphql::values::enums::{ProjectStatus, ProjectTheme};
use crate::graphql::values::scalars::Date;
use crate::service::kinds::ProjectParticipants;

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
            /// The project's title.
            async fn title(&self) -> &str {
                &self.0.title
            }

            /// What the project does, in a sentence or two.
            async fn summary(&self) -> &str {
                &self.0.summary
            }

            /// The area the project works in.
            async fn theme(&self) -> ProjectTheme {
                self.0.theme.into()
            }

            /// Where the project stands.
            async fn status(&self) -> ProjectStatus {
                self.0.status.into()
            }

            /// When the project started; the first of the month where a source gives only the month,
            /// null where no source gives it.
            async fn start_date(&self) -> Option<Date> {
                self.0.start_date.map(Date)
            }

            /// When the project ended or is due to end, if known.
            async fn end_date(&self) -> Option<Date> {
                self.0.end_date.map(Date)
            }

            /// The project's own web page, if it has one.
            async fn website(&self) -> Option<&str> {
                self.0.website.as_deref()
            }
        }

        record(&self) by slug;

        relations {
            /// The alliance leading the project; null for national projects.
            async fn lead_alliance(&self, ctx: &Context<'_>) -> Result<Option<Alliance>> {
                Ok(optional::<alliance::Entity>(ctx, self.0.lead_alliance_id)
                    .await?
                    .map(Into::into))
            }
        }

        connections {
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
        transformation_project(id: async_graphql::ID) by_id;
        /// By slug, e.g. `brca-carrier-app`; null if there is none.
        transformation_project_by_slug(slug: String) by_key;
    }
}
