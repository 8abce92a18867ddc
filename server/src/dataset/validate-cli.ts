/** `validate-cli <file>`: validates a dataset file without touching any database. */
import { readDatasetFile } from './read.js';
import { formatProblem } from './validate.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: validate-cli <dataset.json|dataset.xlsx>');
  process.exit(2);
}
const result = await readDatasetFile(file);
if (!result.ok) {
  for (const p of result.problems) console.error(formatProblem(p));
  console.error(`${result.problems.length} problem(s) / ${result.problems.length}件の問題`);
  process.exit(1);
}
const d = result.dataset;
console.log(
  `OK ${d.municipality.name}: ${d.plans.length} plans, ${d.departments.length} departments, ${d.policyNodes.length} policy nodes, ` +
    `${d.indicators.length} indicators (${d.indicators.reduce((n, i) => n + i.values.length, 0)} values), ${d.ratingScales.length} scales, ` +
    `${d.evaluations.length} evaluations, ${d.projects.length} projects, ${d.departmentPolicies.length} department policies`,
);
