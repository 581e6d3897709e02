#!/usr/bin/env bash
# Deploys every HTTP function that the functions bundle registers (functions/http/routes.ts) as a Cloud
# Function (2nd gen, Node 22), each from the same built source folder dist/functions.
#
#   npm run deploy:functions -- [--dry-run] [--env-file FILE] [--region REGION] [--project PROJECT]
#
#   --dry-run      build and print the gcloud commands without running them (gcloud not needed)
#   --env-file     YAML file of environment variables for every function (gcloud --env-vars-file);
#                  default $REGULARS_FUNCTIONS_ENV_FILE or ./functions.env.yaml. Start from
#                  scripts/functions.env.example.yaml; it lists every variable the functions read.
#                  It holds no secrets: those come from Secret Manager.
#   --region       default $REGULARS_REGION or europe-west1
#   --project      default: gcloud's configured project
#   --set-secrets  environment variables mapped from Secret Manager, passed to gcloud as is, e.g.
#                  REGULARS_UNSUBSCRIBE_KEY=regulars-unsubscribe-key:latest (without it the functions read
#                  that secret through the Secret Manager API themselves)
#
# The functions are deployed --allow-unauthenticated on purpose: the add-on's identity token has the
# add-on's OAuth client id as its audience, not the function URL, so Cloud Run IAM would refuse it. Each
# function verifies its callers itself (functions/http/auth.ts), and the unsubscribe route is public by design.
# Gen2 function names must be lower case, so `sendGreetings` deploys as `send-greetings` with entry point
# `sendGreetings`.
set -euo pipefail

root="$(cd "${BASH_SOURCE[0]%/*}/.." && pwd)"
dist="${REGULARS_DIST:-$root/dist}"
source_dir="$dist/functions"
dry_run=0
env_file="${REGULARS_FUNCTIONS_ENV_FILE:-$root/functions.env.yaml}"
region="${REGULARS_REGION:-europe-west1}"
project=""
secrets=""

fail() {
  echo "deploy-functions: $*" >&2
  exit 1
}

while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=1 ;;
    --env-file) [ $# -ge 2 ] || fail "--env-file needs a file"; env_file="$2"; shift ;;
    --region) [ $# -ge 2 ] || fail "--region needs a region"; region="$2"; shift ;;
    --project) [ $# -ge 2 ] || fail "--project needs a project id"; project="$2"; shift ;;
    --set-secrets) [ $# -ge 2 ] || fail "--set-secrets needs VAR=SECRET:VERSION[,...]"; secrets="$2"; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) fail "unknown option $1 (see --help)" ;;
  esac
  shift
done

command -v node >/dev/null 2>&1 || fail "node is not on PATH"
if [ "$dry_run" -eq 0 ]; then
  command -v gcloud >/dev/null 2>&1 || fail "gcloud is not installed or not on PATH: install the Google Cloud CLI (https://cloud.google.com/sdk/docs/install), run 'gcloud auth login', or use --dry-run to see the commands"
  [ -f "$env_file" ] || fail "environment file $env_file not found: copy scripts/functions.env.example.yaml to it and fill it in (or pass --env-file FILE)"
elif [ ! -f "$env_file" ]; then
  echo "deploy-functions: note: $env_file does not exist yet (needed for a real deploy)" >&2
fi

node "$root/scripts/build.mjs" functions
[ -f "$source_dir/index.js" ] || fail "the build produced no $source_dir/index.js"

# The registered functions, learnt by loading the bundle with functions-framework's register calls observed
# (so the list can never drift from routes.ts). One line each: TYPE ENTRY_POINT DEPLOY_NAME TIMEOUT, where
# TIMEOUT is the handler's `timeoutSeconds` property when it has one (the deadline it plans with; gcloud's
# default of 60 s applies otherwise) or "-".
registered="$(NODE_PATH="$root/node_modules" node -e '
const Module = require("module");
const seen = [];
const load = Module._load;
Module._load = function (request, ...rest) {
  const mod = load.call(this, request, ...rest);
  if (request !== "@google-cloud/functions-framework") return mod;
  return { ...mod,
    http: (name, fn) => { seen.push(["http", name, fn.timeoutSeconds]); return mod.http(name, fn); },
    cloudEvent: (name, fn) => { seen.push(["cloudevent", name, fn.timeoutSeconds]); return mod.cloudEvent(name, fn); } };
};
require(process.argv[1]);
const kebab = (name) => name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").replace(/_/g, "-").toLowerCase();
const timeout = (t) => (Number.isInteger(t) && t > 0 ? String(t) : "-");
for (const [type, name, t] of seen) console.log(`${type} ${name} ${kebab(name)} ${timeout(t)}`);
' "$source_dir/index.js")"
[ -n "$registered" ] || fail "$source_dir/index.js registers no functions"

while read -r type entry name timeout; do
  [ "$type" = "http" ] || fail "$entry is a $type function; this script deploys HTTP functions only"
  cmd=(gcloud functions deploy "$name" --gen2 --runtime nodejs22 --trigger-http --allow-unauthenticated
    --entry-point "$entry" --source "$source_dir" --region "$region" --env-vars-file "$env_file")
  [ "$timeout" = "-" ] || cmd+=(--timeout "${timeout}s")
  [ -z "$secrets" ] || cmd+=(--set-secrets "$secrets")
  # greetings: one sender per document — the Sheets API has no document lock, so never two instances at once.
  [ "$entry" != "greetings" ] || cmd+=(--max-instances 1 --concurrency 1)
  # dedupe: 200,000 rows peak at about 750 MB.
  [ "$entry" != "dedupe" ] || cmd+=(--memory 2GiB)
  [ -z "$project" ] || cmd+=(--project "$project")
  printf '%q ' "${cmd[@]}"
  printf '\n'
  [ "$dry_run" -eq 1 ] || "${cmd[@]}"
done <<< "$registered"
