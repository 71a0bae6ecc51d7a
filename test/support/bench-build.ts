// One measured build in a fresh process: prints timings and peak RSS as JSON.
import { build } from '../../src/build/build.ts';

const [root, outDir] = process.argv.slice(2);
const jobs = process.env.XINWEN_JOBS ? Number(process.env.XINWEN_JOBS) : undefined;
const result = await build({ root: root!, outDir: outDir!, jobs });
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ ...result, warnings: result.warnings.length, maxRssMb })}\n`);
