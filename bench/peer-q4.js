// Q4 for PostGraphile 5: the records of q4.json's `_entities` representations, fetched in one
// request. PostGraphile has no `_entities`, and without plugins it has no lookup by a unique
// index (gms-graph's natural keys are unique indexes, not constraints, so there is no
// `hubBySlug`): each representation becomes an aliased listing with an equality condition on
// that key, e0: allHubs(condition: { slug: $v0 }) { nodes { __typename name } }, the values as
// variables. The nearest equivalent, not the same operation: one root field per record where
// gms-graph answers one `_entities` field, and the document changes with the representations.
//
//   node bench/peer-q4.js [REPRESENTATIONS_JSON [OUT]]   (default bench/queries/q4.json, stdout)
//
// bench/vary-bodies.js uses body() for the varying `_entities` workload.
const fs = require('fs');
const path = require('path');

// __typename → PostGraphile 5's listing, the condition's field, the value from a representation,
// and the field gms-graph's Q4 asks of that type.
const lookups = {
  Hub: ['allHubs', 'slug', (r) => key(r.id, 'Hub'), 'name'],
  Alliance: ['allAlliances', 'slug', (r) => key(r.id, 'Alliance'), 'name'],
  Region: ['allRegions', 'code', (r) => r.code ?? key(r.id, 'Region'), 'name'],
  Trust: ['allTrusts', 'odsCode', (r) => r.odsCode ?? key(r.id, 'Trust'), 'name'],
  TrainingCourse: ['allTrainingCourses', 'slug', (r) => key(r.id, 'TrainingCourse'), 'title'],
  TransformationProject: ['allTransformationProjects', 'slug', (r) => key(r.id, 'TransformationProject'), 'title'],
};

// gms-graph's global ids are `Type:natural-key`.
function key(id, type) {
  if (typeof id !== 'string' || !id.startsWith(`${type}:`)) throw new Error(`not a ${type} id: ${id}`);
  return id.slice(type.length + 1);
}

// The request body for a list of representations, in their order: answer i is data.e<i>.nodes[0].
function body(representations) {
  const vars = [];
  const fields = [];
  const variables = {};
  representations.forEach((r, i) => {
    const found = lookups[r.__typename];
    if (!found) throw new Error(`no lookup for ${r.__typename}`);
    const [listing, column, value, field] = found;
    vars.push(`$v${i}: String!`);
    fields.push(`e${i}: ${listing}(condition: { ${column}: $v${i} }) { nodes { __typename ${field} } }`);
    variables[`v${i}`] = value(r);
  });
  return { query: `query(${vars.join(', ')}) { ${fields.join(' ')} }`, variables };
}

module.exports = { body };

if (require.main === module) {
  const [from = path.join(__dirname, 'queries/q4.json'), out] = process.argv.slice(2);
  const text = JSON.stringify(body(JSON.parse(fs.readFileSync(from, 'utf8')).variables.r));
  if (out) fs.writeFileSync(out, `${text}\n`);
  else console.log(text);
}
