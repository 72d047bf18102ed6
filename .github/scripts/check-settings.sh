#!/usr/bin/env bash
# The first step of every job that reaches AWS: refuse at once, naming the repository variable or
# secret and the docs step, what would otherwise fail 10 minutes later (or, worse, succeed
# against the wrong state bucket).
#
#   check-settings.sh [--default-branch-only] [NAME ...]
#
# NAME ...               variables or secrets the job needs (passed to the step as environment
#                        variables of the same name): each must be set and not empty
# --default-branch-only  refuse unless GITHUB_REF is refs/heads/$DEFAULT_BRANCH
#
# Always checked, from the repository variables the workflows pass on:
#   MULTIPLE_SERVER_BACKEND       empty or s3: MULTIPLE_SERVER_STATE_BUCKET must be set, or the
#                                 MULTIPLE_SERVER_CONFIG file name a top-level backend bucket (the shipped
#                                 default bucket name belongs to someone else, docs/deploy-and-ci.md "Deploy" step 1);
#                                 cloud: TF_CLOUD_ORGANIZATION must be set and TF_BACKEND_CONFIG empty
#                                 (a cloud block takes no -backend-config); local: refused (a runner's
#                                 disk is gone after the job, and the state with it)
#   MULTIPLE_SERVER_CONFIG        when set, a file of the repository
#   DEPLOY_TARGET                 when set (deploy.yml's input): an environment name, or `state`
set -uo pipefail

readme="docs/deploy-and-ci.md \"Run in CI\""
problems=()
problem() { problems+=("$1"); }

# Whether the MULTIPLE_SERVER_CONFIG file has a top-level backend bucket (the app checks its form).
config_names_bucket() {
  [ -n "${MULTIPLE_SERVER_CONFIG:-}" ] && [ -f "${MULTIPLE_SERVER_CONFIG}" ] &&
    node -e 'const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); process.exit(typeof c?.backend?.bucket === "string" && c.backend.bucket !== "" ? 0 : 1)' "${MULTIPLE_SERVER_CONFIG}" 2>/dev/null
}

default_branch_only=false
if [ "${1:-}" = "--default-branch-only" ]; then
  default_branch_only=true
  shift
fi

for name in "$@"; do
  [ -n "${!name:-}" ] || problem "$name is not set: add it in Settings → Secrets and variables → Actions ($readme)"
done

case "${MULTIPLE_SERVER_BACKEND:-}" in
  "" | s3)
    # The configuration file's top-level "backend": { "bucket": ... } names it as well as the variable does.
    [ -n "${MULTIPLE_SERVER_STATE_BUCKET:-}" ] || config_names_bucket ||
      problem "repository variable MULTIPLE_SERVER_STATE_BUCKET is not set and no MULTIPLE_SERVER_CONFIG file names a top-level \"backend\": { \"bucket\": ... }: name the state bucket you bootstrapped, or CI would use the shipped default, someone else's bucket ($readme, step 1)"
    ;;
  cloud)
    [ -n "${TF_CLOUD_ORGANIZATION:-}" ] ||
      problem "repository variable TF_CLOUD_ORGANIZATION is not set: MULTIPLE_SERVER_BACKEND is cloud (docs/deploy-and-ci.md \"Terraform Cloud\")"
    [ -z "${TF_BACKEND_CONFIG:-}" ] ||
      problem "repository variable TF_BACKEND_CONFIG must be empty with MULTIPLE_SERVER_BACKEND=cloud: a cloud block takes no -backend-config (docs/deploy-and-ci.md \"Terraform Cloud\")"
    ;;
  local)
    problem "repository variable MULTIPLE_SERVER_BACKEND is local: a runner's disk is discarded after the job, and the state with it; use s3 or cloud"
    ;;
  *)
    problem "repository variable MULTIPLE_SERVER_BACKEND is '${MULTIPLE_SERVER_BACKEND}': must be empty, s3 or cloud"
    ;;
esac

if [ -n "${MULTIPLE_SERVER_CONFIG:-}" ] && [ ! -f "${MULTIPLE_SERVER_CONFIG}" ]; then
  problem "repository variable MULTIPLE_SERVER_CONFIG is '${MULTIPLE_SERVER_CONFIG}', which is not a file of this repository (a path from its root)"
fi

# The environment name reaches file paths, artifact names and the concurrency group: letters,
# digits and hyphens only (a superset of what the configuration accepts), checked before any use.
if [ -n "${DEPLOY_TARGET+x}" ] && ! [[ "${DEPLOY_TARGET}" =~ ^[a-z][a-z0-9-]*$ ]]; then
  problem "input environment '${DEPLOY_TARGET}' is not an environment name (lower-case letters, digits and hyphens, starting with a letter)"
fi

if $default_branch_only; then
  if [ -z "${DEFAULT_BRANCH:-}" ]; then
    problem "DEFAULT_BRANCH is empty: the workflow passes github.event.repository.default_branch"
  elif [ "${GITHUB_REF:-}" != "refs/heads/${DEFAULT_BRANCH}" ]; then
    problem "this workflow deploys from the default branch only (${DEFAULT_BRANCH}), not ${GITHUB_REF:-an unknown ref}: merge first, then run it on ${DEFAULT_BRANCH}"
  fi
fi

if [ "${#problems[@]}" -gt 0 ]; then
  for p in "${problems[@]}"; do echo "::error::$p"; done
  exit 1
fi
echo "Settings checked."
