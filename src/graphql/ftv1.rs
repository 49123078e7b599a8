//! Apollo's inline trace for federation ("ftv1"). A router that reports field usage asks a
//! subgraph for it with the header `apollo-federation-include-trace: ftv1`; the answer's
//! `extensions.ftv1` then holds a `Trace` message of Apollo's usage-reporting protobuf
//! (`reports.proto`), base64: when the operation began and ended, and for every field resolved
//! its response name, type, parent type and times, under its list indexes, with each error at
//! its path. The router puts it under the fetch in its own trace.
//!
//! Only what the inline trace carries is written: `start_time`, `end_time`, `duration_ns` and
//! `root`. A request that does not ask runs on the schema without the extension that records
//! (see `Api`), since an installed extension wraps every field's resolution: it pays nothing.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextResolve, ResolveInfo,
};
use async_graphql::{PathSegment, QueryPathSegment, Response, ServerError, ServerResult, Value};
use base64::Engine as _;

/// The request header a router sends to ask for a trace, and the value that asks for this one.
pub const HEADER: &str = "apollo-federation-include-trace";
pub const FTV1: &str = "ftv1";

/// In a request's data: the request asked for a trace.
pub struct IncludeTrace;

/// Whether a request whose data is `data` asked for a trace.
pub fn asked(data: &async_graphql::Data) -> bool {
    data.contains_key(&std::any::TypeId::of::<IncludeTrace>())
}

/// What a traced request's fields did, recorded as they resolve.
pub(super) struct Recorder {
    began: SystemTime,
    started: Instant,
    fields: Mutex<Vec<Resolved>>,
}

/// One field resolved.
struct Resolved {
    path: Vec<Step>,
    field_name: String,
    parent_type: String,
    return_type: String,
    start_ns: u64,
    end_ns: u64,
}

/// A step of a response path: a field by its response name (its alias, if it has one), or an
/// item of a list.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Step {
    Field(String),
    Index(u32),
}

impl Recorder {
    pub(super) fn start() -> Arc<Self> {
        Arc::new(Self {
            began: SystemTime::now(),
            started: Instant::now(),
            fields: Mutex::default(),
        })
    }

    fn elapsed_ns(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }

    /// The trace of the request, now that `response` is its answer, as `extensions.ftv1` holds
    /// it.
    pub(super) fn finish(&self, response: &Response) -> Value {
        let duration_ns = self.elapsed_ns();
        let fields =
            std::mem::take(&mut *self.fields.lock().unwrap_or_else(PoisonError::into_inner));
        let mut tree = Tree::default();
        for field in fields {
            let at = tree.at(&field.path);
            let node = &mut tree.nodes[at];
            match &mut node.resolved {
                // `_entities` resolves each representation at the same path (async-graphql gives
                // them no index): one node per field, from the first start to the last end.
                Some(earlier) => {
                    earlier.start_ns = earlier.start_ns.min(field.start_ns);
                    earlier.end_ns = earlier.end_ns.max(field.end_ns);
                }
                None => node.resolved = Some(field),
            }
        }
        for error in &response.errors {
            let path: Vec<Step> = error
                .path
                .iter()
                .map(|segment| match segment {
                    PathSegment::Field(name) => Step::Field(name.clone()),
                    PathSegment::Index(index) => {
                        Step::Index(u32::try_from(*index).unwrap_or(u32::MAX))
                    }
                })
                .collect();
            let at = tree.at(&path);
            tree.nodes[at].errors.push(error);
        }
        let ended = self
            .began
            .checked_add(std::time::Duration::from_nanos(duration_ns))
            .unwrap_or(self.began);
        let mut trace = Vec::with_capacity(64 * tree.nodes.len());
        message(&mut trace, 4, |out| timestamp(out, self.began));
        message(&mut trace, 3, |out| timestamp(out, ended));
        varint_field(&mut trace, 11, duration_ns);
        message(&mut trace, 14, |out| tree.encode(0, out));
        Value::String(base64::engine::general_purpose::STANDARD.encode(trace))
    }
}

/// The extension that records each field's resolution into the request's [`Recorder`].
pub(super) struct Tracing;

impl ExtensionFactory for Tracing {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Tracing)
    }
}

#[async_trait::async_trait]
impl Extension for Tracing {
    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        let Some(recorder) = ctx.data_opt::<Arc<Recorder>>() else {
            return next.run(ctx, info).await;
        };
        // async-graphql calls this for each item of a list too: an item is a node of the
        // trace (made with the fields under it), not a field.
        if matches!(info.path_node.segment, QueryPathSegment::Index(_)) {
            return next.run(ctx, info).await;
        }
        // `parents` walks from the field's parent up to the root.
        let mut path: Vec<Step> = info
            .path_node
            .parents()
            .map(|node| step(&node.segment))
            .collect();
        path.reverse();
        path.push(step(&info.path_node.segment));
        let mut resolved = Resolved {
            path,
            field_name: info.name.to_owned(),
            parent_type: info.parent_type.to_owned(),
            return_type: info.return_type.to_owned(),
            start_ns: recorder.elapsed_ns(),
            end_ns: 0,
        };
        let result = next.run(ctx, info).await;
        resolved.end_ns = recorder.elapsed_ns();
        recorder
            .fields
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(resolved);
        result
    }
}

fn step(segment: &QueryPathSegment<'_>) -> Step {
    match segment {
        QueryPathSegment::Name(name) => Step::Field((*name).to_owned()),
        QueryPathSegment::Index(index) => Step::Index(u32::try_from(*index).unwrap_or(u32::MAX)),
    }
}

/// The trace's nodes: the root (0), each field resolved, and each list item between them.
struct Tree<'e> {
    nodes: Vec<Node<'e>>,
    by_path: HashMap<Vec<Step>, usize>,
}

struct Node<'e> {
    step: Option<Step>,
    resolved: Option<Resolved>,
    errors: Vec<&'e ServerError>,
    children: Vec<usize>,
}

impl Default for Tree<'_> {
    fn default() -> Self {
        let root = Node {
            step: None,
            resolved: None,
            errors: Vec::new(),
            children: Vec::new(),
        };
        Self {
            nodes: vec![root],
            by_path: HashMap::from([(Vec::new(), 0)]),
        }
    }
}

impl<'e> Tree<'e> {
    /// The node at `path`, made (with the nodes above it) if it is not there yet.
    fn at(&mut self, path: &[Step]) -> usize {
        if let Some(&at) = self.by_path.get(path) {
            return at;
        }
        let Some((step, above)) = path.split_last() else {
            return 0;
        };
        let parent = self.at(above);
        let at = self.nodes.len();
        self.nodes.push(Node {
            step: Some(step.clone()),
            resolved: None,
            errors: Vec::new(),
            children: Vec::new(),
        });
        self.nodes[parent].children.push(at);
        self.by_path.insert(path.to_vec(), at);
        at
    }

    /// `Trace.Node` of reports.proto.
    fn encode(&self, at: usize, out: &mut Vec<u8>) {
        let node = &self.nodes[at];
        match &node.step {
            Some(Step::Field(name)) => string_field(out, 1, name),
            // A oneof member is written even when it is zero.
            Some(Step::Index(index)) => varint_field(out, 2, u64::from(*index)),
            None => {}
        }
        if let Some(field) = &node.resolved {
            string_field(out, 3, &field.return_type);
            varint_field(out, 8, field.start_ns);
            varint_field(out, 9, field.end_ns);
            string_field(out, 13, &field.parent_type);
            if node.step.as_ref() != Some(&Step::Field(field.field_name.clone())) {
                string_field(out, 14, &field.field_name);
            }
        }
        for error in &node.errors {
            message(out, 11, |out| encode_error(error, out));
        }
        for &child in &node.children {
            message(out, 12, |out| self.encode(child, out));
        }
    }
}

/// `Trace.Error`: the message, where in the document, and the error as the answer has it.
fn encode_error(error: &ServerError, out: &mut Vec<u8>) {
    string_field(out, 1, &error.message);
    for location in &error.locations {
        message(out, 2, |out| {
            varint_field(out, 1, location.line as u64);
            varint_field(out, 2, location.column as u64);
        });
    }
    if let Ok(json) = serde_json::to_string(error) {
        string_field(out, 4, &json);
    }
}

/// `google.protobuf.Timestamp`.
fn timestamp(out: &mut Vec<u8>, at: SystemTime) {
    let since = at.duration_since(UNIX_EPOCH).unwrap_or_default();
    varint_field(out, 1, since.as_secs());
    varint_field(out, 2, u64::from(since.subsec_nanos()));
}

// Protocol buffers' wire format, what of it a trace needs: varints (wire type 0) and
// length-delimited fields (wire type 2). A field at its default is left out, as proto3 does.

fn varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn tag(out: &mut Vec<u8>, field: u32, wire_type: u8) {
    varint(out, (u64::from(field) << 3) | u64::from(wire_type));
}

fn varint_field(out: &mut Vec<u8>, field: u32, value: u64) {
    tag(out, field, 0);
    varint(out, value);
}

fn bytes_field(out: &mut Vec<u8>, field: u32, bytes: &[u8]) {
    tag(out, field, 2);
    varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

fn string_field(out: &mut Vec<u8>, field: u32, value: &str) {
    if !value.is_empty() {
        bytes_field(out, field, value.as_bytes());
    }
}

/// An embedded message, written by `body`.
fn message(out: &mut Vec<u8>, field: u32, body: impl FnOnce(&mut Vec<u8>)) {
    let mut inner = Vec::new();
    body(&mut inner);
    bytes_field(out, field, &inner);
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn varints_are_written_seven_bits_at_a_time() {
        let mut out = Vec::new();
        varint(&mut out, 1);
        varint(&mut out, 300);
        varint(&mut out, 0);
        assert_eq!(out, [0x01, 0xAC, 0x02, 0x00]);
    }

    #[test]
    fn a_field_at_its_index_zero_is_written() {
        let mut tree = Tree::default();
        tree.at(&[Step::Field("hubs".into()), Step::Index(0)]);
        let mut out = Vec::new();
        tree.encode(0, &mut out);
        // root { child { response_name "hubs" child { index 0 } } }
        assert_eq!(
            out,
            [
                0x62, 0x0A, 0x0A, 0x04, b'h', b'u', b'b', b's', 0x62, 0x02, 0x10, 0x00
            ]
        );
    }
}
