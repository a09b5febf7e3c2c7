#!/usr/bin/env node
// Black-box Mozilla HTTP Observatory scan of a running service on custom ports.
//
// Replicates @mdn/mdn-http-observatory 1.4.8 `src/scanner/index.js` (retrieve ->
// ALL_TESTS -> score modifiers -> extra-credit rule -> grade) but passes explicit
// HTTP and HTTPS ports to the package's retriever, which the package's CLI cannot do.
//
// Usage:
//   node scan.mjs --host localhost --https-port 8443 --http-port 8080 \
//       [--min-grade A+] [--out result.json] [--cacert cert.pem]
//
// Exit codes: 0 grade >= minimum, 1 grade below minimum, 2 error (bad arguments,
// package missing, service unreachable, unexpected status, ...).

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const PACKAGE = "@mdn/mdn-http-observatory";
const PACKAGE_VERSION = "1.4.8";
// Grades in the package's GRADE_CHART, best first.
const GRADE_ORDER = ["A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F"];

const EXIT_OK = 0;
const EXIT_GRADE = 1;
const EXIT_ERROR = 2;

class UsageError extends Error {}

const USAGE = `Usage: node scan.mjs --host HOST --https-port PORT --http-port PORT [options]

Runs every Mozilla HTTP Observatory (${PACKAGE}@${PACKAGE_VERSION}) test against
https://HOST:HTTPS_PORT/ and the HTTP->HTTPS redirect on http://HOST:HTTP_PORT/.

Options:
  --host HOST          host name to scan (default: localhost)
  --https-port PORT    HTTPS port (default: 443)
  --http-port PORT     plain-HTTP port that must redirect to HTTPS (default: 80)
  --min-grade GRADE    lowest acceptable grade, one of ${GRADE_ORDER.join(" ")} (default: A+)
  --out FILE           also write the JSON result to FILE
  --cacert FILE        trust this PEM certificate (re-runs node with NODE_EXTRA_CA_CERTS)
  --allow-no-http      do not fail when the HTTP port does not answer
  --timeout SECONDS    per-session request budget (package default: 10)
  -h, --help           show this help

Exit codes: 0 = grade >= minimum, 1 = grade below minimum, 2 = error.`;

function parseArgs(argv) {
  const opts = {
    host: "localhost",
    httpsPort: 443,
    httpPort: 80,
    minGrade: "A+",
    out: null,
    cacert: null,
    allowNoHttp: false,
    timeout: null,
    help: false,
  };
  const port = (name, value) => {
    if (!/^\d+$/.test(value ?? "") || Number(value) < 1 || Number(value) > 65535) {
      throw new UsageError(`${name} needs a port number (1-65535), got '${value ?? ""}'`);
    }
    return Number(value);
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const next = () => {
      if (value !== undefined) return value;
      if (i + 1 >= argv.length) throw new UsageError(`${arg} needs a value`);
      return argv[++i];
    };
    switch (arg) {
      case "--host":
        opts.host = next();
        break;
      case "--https-port":
        opts.httpsPort = port(arg, next());
        break;
      case "--http-port":
        opts.httpPort = port(arg, next());
        break;
      case "--min-grade":
        opts.minGrade = next().trim().toUpperCase();
        if (!GRADE_ORDER.includes(opts.minGrade)) {
          throw new UsageError(`--min-grade must be one of ${GRADE_ORDER.join(" ")}`);
        }
        break;
      case "--out":
        opts.out = next();
        break;
      case "--cacert":
        opts.cacert = path.resolve(next());
        break;
      case "--timeout": {
        const v = next();
        if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 600) {
          throw new UsageError(`--timeout needs whole seconds (1-600), got '${v}'`);
        }
        opts.timeout = Number(v);
        break;
      }
      case "--allow-no-http":
        opts.allowNoHttp = true;
        break;
      case "-h":
      case "--help":
        opts.help = true;
        break;
      default:
        throw new UsageError(`unknown argument '${argv[i]}'`);
    }
  }
  if (!opts.host || /[/:\s]/.test(opts.host)) {
    throw new UsageError(`--host needs a bare host name, got '${opts.host}'`);
  }
  if (opts.httpPort === opts.httpsPort) {
    throw new UsageError("--http-port and --https-port must differ");
  }
  return opts;
}

/** Node reads NODE_EXTRA_CA_CERTS only at start-up, so --cacert re-runs this script. */
function reexecWithCa(cacert) {
  if (!fs.existsSync(cacert)) {
    throw new UsageError(`--cacert file not found: ${cacert}`);
  }
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, NODE_EXTRA_CA_CERTS: cacert },
  });
  if (child.error) throw child.error;
  return child.status ?? EXIT_ERROR;
}

/** Locate the installed package (next to this script) and check its version. */
function locatePackage() {
  const require = createRequire(import.meta.url);
  let pkgJson;
  try {
    pkgJson = require.resolve(`${PACKAGE}/package.json`);
  } catch {
    throw new Error(
      `${PACKAGE} is not installed; run 'npm ci --ignore-scripts' in ${path.dirname(
        new URL(import.meta.url).pathname
      )}`
    );
  }
  const dir = path.dirname(pkgJson);
  const version = JSON.parse(fs.readFileSync(pkgJson, "utf8")).version;
  if (version !== PACKAGE_VERSION) {
    throw new Error(`${PACKAGE} ${version} is installed, expected ${PACKAGE_VERSION}`);
  }
  // The package's postinstall would download the HSTS preload list (no internet here,
  // and we install with --ignore-scripts); an empty list means "nothing is preloaded".
  const preload = path.join(dir, "conf", "hsts-preload.json");
  if (!fs.existsSync(preload)) {
    fs.mkdirSync(path.dirname(preload), { recursive: true });
    fs.writeFileSync(preload, "{}\n");
    console.error(`note: created empty ${preload}`);
  }
  return { dir, version };
}

const load = (dir, rel) => import(pathToFileURL(path.join(dir, rel)).href);

/** One raw request to the HTTP port (no redirect following) for diagnostics. */
function probeHttp(host, port) {
  return new Promise((resolve) => {
    const req = http.get({ host, port, path: "/", timeout: 5000 }, (res) => {
      res.resume();
      resolve({ status: res.statusCode, location: res.headers.location ?? null });
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (e) => resolve({ error: e.code || e.message }));
  });
}

const stripHtml = (s) =>
  (s ?? "")
    .replace(/<[^>]*>/g, "")
    .replace(/\s+/g, " ")
    .trim();

function table(rows, headers) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join("  ").trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`error: ${e.message}\n\n${USAGE}`);
    return EXIT_ERROR;
  }
  if (opts.help) {
    console.log(USAGE);
    return EXIT_OK;
  }
  if (opts.cacert && process.env.NODE_EXTRA_CA_CERTS !== opts.cacert) {
    return reexecWithCa(opts.cacert);
  }

  // Only loopback/local targets are scanned: never route them through a proxy
  // (axios honours the *_PROXY variables).
  for (const v of ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"]) {
    delete process.env[v];
  }

  if (opts.timeout) {
    // Read by the package's config.js (convict) when it is first imported below.
    process.env.ABORT_TIMEOUT = String(opts.timeout * 1000);
    process.env.CLIENT_TIMEOUT = String(Math.max(1, opts.timeout - 1) * 1000);
  }

  const { dir, version } = locatePackage();
  const { CONFIG } = await load(dir, "src/config.js");
  const { retrieve } = await load(dir, "src/retriever/retriever.js");
  const { ALL_TESTS, NUM_TESTS, ALGORITHM_VERSION } = await load(dir, "src/constants.js");
  const { MINIMUM_SCORE_FOR_EXTRA_CREDIT } = await load(dir, "src/grader/charts.js");
  const { getGradeForScore, getScoreDescription, getScoreModifier, getRecommendation } = await load(
    dir,
    "src/grader/grader.js"
  );

  const { host, httpPort, httpsPort } = opts;
  const httpsUrl = `https://${host}:${httpsPort}/`;
  const httpUrl = `http://${host}:${httpPort}/`;
  console.log(`Mozilla HTTP Observatory ${version} (algorithm v${ALGORITHM_VERSION})`);
  console.log(`  target : ${httpsUrl}  (redirect check from ${httpUrl})`);
  console.log(`  CA     : ${process.env.NODE_EXTRA_CA_CERTS || "(system trust store only)"}`);

  // --- retrieval, exactly as scanner/index.js but with explicit ports ---
  let r;
  try {
    r = await retrieve(host, { httpPort, httpsPort });
  } catch (e) {
    console.error(`error: retrieval failed: ${e?.message ?? e}`);
    return EXIT_ERROR;
  }
  const probe = await probeHttp(host, httpPort);
  console.log(
    `  HTTP   : ${
      probe.error ? `no answer (${probe.error})` : `${probe.status} Location: ${probe.location ?? "(none)"}`
    }`
  );

  if (!r.responses.https) {
    console.error(`error: could not retrieve ${httpsUrl} (connection or TLS failure)`);
    return EXIT_ERROR;
  }
  if (!r.responses.https.verified) {
    console.warn(
      "warning: the HTTPS certificate was NOT trusted; the Observatory scores this as an invalid" +
        " certificate (HSTS and redirection fail). Pass --cacert or NODE_EXTRA_CA_CERTS."
    );
  }
  if (!r.responses.http && !opts.allowNoHttp) {
    // The package scores a missing HTTP answer as "redirection-not-needed-no-http" (a pass),
    // which would hide a dead HTTP port or a redirect to an unreachable URL.
    console.error(
      `error: ${httpUrl} gave no final response (port closed, or its redirect chain failed);` +
        " use --allow-no-http to accept that"
    );
    return EXIT_ERROR;
  }
  if (!r.responses.auto) {
    console.error("error: The site seems to be down.");
    return EXIT_ERROR;
  }
  const { status } = r.responses.auto;
  if (status < 200 || (status >= 400 && ![401, 403].includes(status))) {
    console.error(`error: Site did respond with an unexpected HTTP status code ${status}.`);
    return EXIT_ERROR;
  }

  // --- tests + scoring, exactly as scanner/index.js ---
  const results = ALL_TESTS.map((test) => test(r));
  const responseHeaders = { ...r.responses.auto.headers };
  let testsPassed = 0;
  let scoreWithExtraCredit = 100;
  let uncurvedScore = scoreWithExtraCredit;
  for (const result of results) {
    if (result.result) {
      result.scoreDescription = getScoreDescription(result.result);
      result.scoreModifier = getScoreModifier(result.result);
      testsPassed += result.pass ? 1 : 0;
      scoreWithExtraCredit += result.scoreModifier;
      if (result.scoreModifier < 0) {
        uncurvedScore += result.scoreModifier;
      }
    }
  }
  const score = uncurvedScore >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? scoreWithExtraCredit : uncurvedScore;
  const final = getGradeForScore(score);
  const tests = {};
  for (const result of results) {
    tests[result.constructor.name] = result;
  }
  const scanSummary = {
    algorithmVersion: ALGORITHM_VERSION,
    grade: final.grade,
    error: null,
    score: final.score,
    statusCode: r.responses.auto.status,
    testsFailed: NUM_TESTS - testsPassed,
    testsPassed,
    testsQuantity: NUM_TESTS,
    responseHeaders,
  };

  // --- report ---
  const rows = Object.entries(tests).map(([name, t]) => [
    name,
    t.pass ? "yes" : "NO",
    t.scoreModifier > 0 ? `+${t.scoreModifier}` : String(t.scoreModifier),
    t.result ?? "(none)",
  ]);
  console.log();
  console.log(table(rows, ["test", "pass", "score", "result"]));
  const notes = Object.entries(tests).filter(([, t]) => !t.pass || t.scoreModifier < 0);
  if (notes.length) {
    console.log("\nTo improve:");
    for (const [name, t] of notes) {
      console.log(`  ${name}: ${stripHtml(t.scoreDescription)}`);
      const rec = stripHtml(getRecommendation(t.result));
      if (rec) console.log(`    -> ${rec}`);
    }
  }
  // The package's CORS test (1.4.8) reads the Origin it sent from response.request, which
  // is a Node ClientRequest without .headers, so a reflected origin + credentials is scored
  // as "restricted access" (0) instead of "universal access" (-50). Flag it here, without
  // changing the score.
  const corsResp = r.responses.cors;
  const acao = corsResp?.headers?.["access-control-allow-origin"];
  const acac = corsResp?.headers?.["access-control-allow-credentials"];
  if (
    typeof acao === "string" &&
    acao.trim().toLowerCase() === CONFIG.retriever.corsOrigin.toLowerCase() &&
    String(acac ?? "").trim().toLowerCase() === "true"
  ) {
    console.warn(
      `\nwarning: the CORS preflight from foreign origin ${CONFIG.retriever.corsOrigin} was answered with` +
        " that origin and Access-Control-Allow-Credentials: true (credentialed access for any origin?)." +
        " The package's scoring misses this; it does not change the grade."
    );
  }

  const redirection = tests["redirection"];
  if (redirection?.route?.length) {
    console.log(`\nRedirect route: ${redirection.route.join(" -> ")}`);
  }
  console.log(
    `\nFinal page status: ${scanSummary.statusCode}; tests passed: ${testsPassed}/${NUM_TESTS}; ` +
      `uncurved score: ${uncurvedScore}${
        uncurvedScore >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? "" : ` (< ${MINIMUM_SCORE_FOR_EXTRA_CREDIT}: no extra credit)`
      }`
  );
  console.log(`Grade: ${final.grade}  Score: ${final.score}  (minimum grade: ${opts.minGrade})`);

  if (opts.out) {
    // Same shape as the package's CLI output (scoreDescription dropped), plus the target.
    const jsonTests = Object.fromEntries(
      Object.entries(tests).map(([k, { scoreDescription, ...rest }]) => [k, rest])
    );
    const doc = {
      target: { host, httpsPort, httpPort, minGrade: opts.minGrade, package: `${PACKAGE}@${version}` },
      scan: scanSummary,
      tests: jsonTests,
    };
    fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
    fs.writeFileSync(opts.out, JSON.stringify(doc, null, 2) + "\n");
    console.log(`JSON result written to ${opts.out}`);
  }

  if (GRADE_ORDER.indexOf(final.grade) > GRADE_ORDER.indexOf(opts.minGrade)) {
    console.log(`FAIL: grade ${final.grade} is below the required ${opts.minGrade}`);
    return EXIT_GRADE;
  }
  console.log(`PASS: grade ${final.grade} meets the required ${opts.minGrade}`);
  return EXIT_OK;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(`error: ${e?.stack ?? e}`);
    process.exitCode = EXIT_ERROR;
  }
);
