// A child process for the killed-writer test: writes a report of n synthetic requests tagged
// `tag` (the scenario name in summary.json) into outDir, printing "ready" just before it starts
// writing, so the parent can SIGKILL it at chosen moments of the write.
// Usage: node --import tsx test/hostile/slow-writer.ts <outDir> <tag> <n>
import { writeReport } from '../../sim/report/index.ts';
import { fakeRunResult, syntheticRequests } from '../report/fake-run.ts';

const [outDir, tag, n] = process.argv.slice(2);
const result = { ...fakeRunResult({ requests: syntheticRequests(Number(n)) }), scenarioName: tag };
process.stdout.write('ready\n');
await writeReport(result, outDir);
process.stdout.write('done\n');
