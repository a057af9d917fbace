#!/usr/bin/env bash
# Walks the demo as a recruiter, a jobseeker, the leerwerkloket and the gemeente, over HTTP,
# and checks that what they see makes sense. Needs a running Kansrijk with the demo data
# (`npm start` seeds it), curl and node.
#
#   scripts/demo-walkthrough.sh [BASE_URL]        (default http://localhost:3000, or $BASE_URL)
#
# Exits non-zero at the first unexpected HTTP status or failed check. Safe to run again on
# the same data: every run creates, signs off and fills a new wijkbasisbaan; the voucher is
# applied for and approved once, later runs check that its amount stays committed.
set -euo pipefail

BASE_URL=${1:-${BASE_URL:-http://localhost:3000}}
BASE_URL=${BASE_URL%/}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
BODY="$WORK/body"
# Progress goes to fd 3 (the terminal), so `$(login ...)` captures only the token.
exec 3>&1

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# call EXPECTED_STATUS METHOD PATH [TOKEN] [JSON_BODY]: the response body lands in $BODY.
call() {
  local expected=$1 method=$2 path=$3 token=${4:-} data=${5:-}
  local args=(-sS -o "$BODY" -w '%{http_code} %{content_type}' -X "$method" "$BASE_URL$path")
  [[ -n $token ]] && args+=(-H "authorization: Bearer $token")
  [[ -n $data ]] && args+=(-H 'content-type: application/json' --data "$data")
  local out status type
  out=$(curl "${args[@]}") || fail "$method $path: curl failed"
  status=${out%% *}
  type=${out#* }
  # Every refusal must be a problem document, never a bare error page.
  if [[ $status == 4* && $type != application/problem+json* ]]; then
    fail "$method $path -> $status with content-type '$type', expected application/problem+json"
  fi
  if [[ $status != "$expected" ]]; then
    printf '%s %s -> %s (expected %s)\n' "$method" "$path" "$status" "$expected" >&2
    head -c 2000 "$BODY" >&2
    echo >&2
    fail "unexpected status"
  fi
  printf '%s %s -> %s\n' "$method" "$path" "$status" >&3
}

# js EXPRESSION: evaluates it with `r` = the last response body (parsed) and prints the result.
# Extra arguments are available as `a[0]`, `a[1]`, ...
js() {
  local expr=$1
  shift
  node -e '
    const fs = require("node:fs");
    const text = fs.readFileSync(process.argv[1], "utf8");
    let r;
    try { r = JSON.parse(text); } catch { r = text; }
    const a = process.argv.slice(3);
    const out = eval(process.argv[2]);
    if (out !== undefined) process.stdout.write(typeof out === "string" ? out : JSON.stringify(out));
  ' "$BODY" "$expr" "$@"
}

# check EXPRESSION MESSAGE [ARGS...]: fails unless the expression (over `r`) is true.
check() {
  local expr=$1 message=$2
  shift 2
  [[ $(js "Boolean($expr)" "$@") == true ]] || { head -c 2000 "$BODY" >&2; echo >&2; fail "$message"; }
  printf '   ok: %s\n' "$message" >&3
}

login() {
  call 200 POST /api/v1/auth/login "" "{\"email\":\"$1\",\"password\":\"$2\"}"
  js 'r.token'
}

# The shared checks on a page of matches: scores sorted, every component in [0,1], one line of Dutch.
MATCHES_SANE='r.items.length > 0
  && r.items.every((m, i) => i === 0 || r.items[i - 1].score >= m.score)
  && r.items.every((m) => m.score >= 0 && m.score <= 1 && Object.values(m.components).every((c) => c >= 0 && c <= 1))
  && r.items.every((m) => /^(?:(?:In omscholing|Kandidaat \+ gefinancierde opleiding): [^;]+; h|H)eeft \d+ van \d+ vereiste vaardigheden/.test(m.reason) && !m.reason.includes("\n"))'

step "health"
call 200 GET /health
check 'r.status === "ok"' 'the platform is up'

step "log in as the four demo accounts"
EMPLOYER=$(login werkgever@demo.kansrijk.nl demo-werkgever-1)
JOBSEEKER=$(login werkzoekende@demo.kansrijk.nl demo-werkzoekende-1)
LOKET=$(login leerwerkloket@demo.kansrijk.nl demo-leerwerkloket-1)
ADMIN=$(login admin@demo.kansrijk.nl demo-gemeente-1)

step "recruiter: ranked candidates for each demo vacancy"
call 200 GET /api/v1/me "$EMPLOYER"
ORG=$(js 'r.organisationIds?.[0] ?? r.account?.organisationIds?.[0]')
[[ -n $ORG ]] || fail "the demo employer has no organisation"
call 200 GET "/api/v1/vacancies?organisationId=$ORG&limit=50" "$EMPLOYER"
check 'r.items.length >= 3' 'the demo employer has its vacancies'
VACANCIES=$(js 'r.items.filter((v) => v.status === "open").map((v) => [v.id, v.occupation, v.sector, v.title].join("\t")).join("\n")')
while IFS=$'\t' read -r id occupation sector title; do
  # Right after a fresh start the matching workers may still be scoring the demo vacancies.
  for _ in $(seq 1 30); do
    call 200 GET "/api/v1/vacancies/$id/matches?limit=10" "$EMPLOYER"
    [[ $(js 'r.items.length') != 0 ]] && break
    sleep 2
  done
  echo "   $title:"
  js 'r.items.slice(0, 3).map((m) => `     ${m.score.toFixed(2)}  ${m.reason}`).join("\n") + "\n"'
  check "$MATCHES_SANE" "$title: ranked, components in [0,1], one-line Dutch reason"
  check 'r.items.slice(0, 3).every((m) => m.candidate.experience.some((e) => e.occupation === a[0] || e.sector === a[1]))' \
    "$title: the top three have experience in this occupation or sector" "$occupation" "$sector"
  check '!/^Heeft 0 van/.test(r.items[0].reason) && r.items[0].components.skills > 0' "$title: the best candidate has the skills it asks for"
done <<<"$VACANCIES"

step "jobseeker (retail): matches and pathways"
call 200 GET /api/v1/me/profile "$JOBSEEKER"
PROFILE_ID=$(js 'r.id')
check 'r.experience.some((e) => e.sector === "detailhandel")' 'the demo jobseeker has retail experience'
call 200 GET "/api/v1/me/matches?limit=20" "$JOBSEEKER"
js 'r.items.slice(0, 5).map((m) => `     ${m.score.toFixed(2)}  ${m.vacancy.title} (${m.vacancy.place})`).join("\n") + "\n"'
check "$MATCHES_SANE" 'my matches: ranked, components in [0,1], one-line Dutch reason'
check '["detailhandel", "zorg"].includes(r.items[0].vacancy.sector)' 'the best match is in retail or care'
check 'r.items.some((m) => m.vacancy.sector === "zorg")' 'a care vacancy is among my matches'
call 200 GET /api/v1/me/pathways "$JOBSEEKER"
js 'r.pathways.slice(0, 6).map((p) => `     ${p.occupation.name} (${p.demand.label}): ${p.plans.cheapest.courseIds.join(" + ")} EUR ${p.plans.cheapest.totalCostEur}, ${p.plans.cheapest.totalWeeks} weken`).join("\n") + "\n"'
PATHWAY_OK='(p) => p.courses.length > 0 && p.courses.every((c) => c.costEur > 0) && p.plans.cheapest.courseIds.length > 0 && p.plans.cheapest.totalCostEur > 0'
check "r.pathways.some((p) => p.occupation.sector === 'zorg' && ($PATHWAY_OK)(p))" 'a pathway into care, with courses and costs'
check "r.pathways.some((p) => ['ict', 'techniek', 'energietransitie'].includes(p.occupation.sector) && ($PATHWAY_OK)(p))" 'a pathway into technology, with courses and costs'
CARE_COURSE=$(js 'r.pathways.find((p) => p.occupation.sector === "zorg").plans.cheapest.courseIds[0]')

step "Loopbaan-APK"
call 400 POST /api/v1/me/career-check "$JOBSEEKER" '{"interests":["geen-bestaande-interesse"]}'
check 'r.status === 400 && Array.isArray(r.errors)' 'bad answers are a 400 problem'
call 200 POST /api/v1/me/career-check "$JOBSEEKER" \
  '{"workWishes":{"sectors":["Zorg en welzijn"],"hoursPerWeek":32},"interests":["mensen-helpen","techniek"],"skills":["klantcontact","teamwerk"],"constraints":{"maxTrainingWeeks":60,"canLearnWhileWorking":true}}'
check 'r.pathways.length > 0 && r.courses.length > 0 && r.courses.every((c) => c.costEur > 0)' 'the report has pathways and courses with costs'
check 'r.programmes.some((p) => p.id === "rotterdam-scholingsfonds")' 'the report names the Rotterdam scholingsfonds'
check 'r.summary.length > 0 && r.nextStep.text.length > 0' 'the report has a summary and a next step'
js '"     " + r.summary + "\n     " + r.nextStep.text + "\n"'
call 200 GET /api/v1/me/career-check/report "$JOBSEEKER"
check 'r.pathways.length > 0' 'the stored report can be read back'
call 200 GET "/api/v1/me/career-check/report?format=html" "$JOBSEEKER"
check 'r.includes("<html") && r.includes("Sanne Bakker") && !/<script/i.test(r)' 'the printable report is HTML without scripts'

step "wijkbasisbaan"
call 200 GET /api/v1/basic-jobs "$LOKET"
check 'r.some((j) => j.id === "demo-basic-job-speelpleinen" && j.signOff !== null)' 'the seeded demo wijkbasisbaan is there, signed off'
call 200 POST /api/v1/admin/basic-job-eligibility "$ADMIN" "{\"profileId\":\"$PROFILE_ID\",\"eligible\":true,\"reason\":\"Aangemeld door het wijkteam (demo-walkthrough).\"}"
check 'r.eligible === true' 'the gemeente marks the demo jobseeker eligible'
call 201 POST /api/v1/basic-jobs "$LOKET" \
  '{"title":"Gastvrouw buurthuis De Slinge","description":"Ontvang bezoekers, zet koffie en help bij activiteiten.","publicTask":"Een open en gastvrij buurthuis in Zuidwijk","hostName":"Buurthuis De Slinge","place":"Rotterdam","hoursPerWeek":20,"skills":["klantcontact","teamwerk"]}'
JOB=$(js 'r.id')
check 'r.status === "draft" && r.signOff === null' 'the leerwerkloket creates a draft'
call 409 POST "/api/v1/basic-jobs/$JOB/open" "$LOKET"
check 'r.status === 409' 'it cannot be opened before the sign-off'
call 403 POST "/api/v1/basic-jobs/$JOB/sign-off" "$LOKET" '{"noDisplacement":true,"statement":"x"}'
call 200 POST "/api/v1/basic-jobs/$JOB/sign-off" "$ADMIN" '{"noDisplacement":true,"statement":"Dit werk werd niet door betaalde krachten gedaan; geen verdringing."}'
check 'r.signOff !== null' 'the gemeente signs off: no displacement'
call 200 POST "/api/v1/basic-jobs/$JOB/open" "$LOKET"
check 'r.status === "open"' 'the leerwerkloket opens it'
call 200 GET "/api/v1/basic-jobs/$JOB/candidates" "$LOKET"
check 'r.some((c) => c.candidate.id === a[0] && c.skillsMatched === 2)' 'the demo jobseeker is a candidate with both skills' "$PROFILE_ID"
call 201 POST "/api/v1/basic-jobs/$JOB/offers" "$LOKET" "{\"profileId\":\"$PROFILE_ID\",\"message\":\"Zou dit iets voor je zijn?\"}"
OFFER=$(js 'r.id')
call 200 GET /api/v1/me/basic-job-offers "$JOBSEEKER"
check 'r.some((o) => o.id === a[0] && o.status === "offered")' 'the jobseeker sees the offer' "$OFFER"
call 200 POST "/api/v1/me/basic-job-offers/$OFFER/answer" "$JOBSEEKER" '{"accept":true,"message":"Graag!"}'
check 'r.status === "accepted"' 'the jobseeker accepts'
call 200 GET "/api/v1/basic-jobs/$JOB" "$LOKET"
check 'r.status === "filled" && r.filled === true' 'the wijkbasisbaan is filled'

step "voucher"
PROGRAMME=rotterdam-scholingsfonds
call 200 GET "/api/v1/programmes/$PROGRAMME/figures" "$ADMIN"
COMMITTED_BEFORE=$(js 'r.committedEur')
call 200 GET /api/v1/me/vouchers "$JOBSEEKER"
APPROVED=$(js 'r.filter((v) => v.programmeId === a[0] && ["approved", "spent"].includes(v.status)).reduce((s, v) => s + v.amountEur, 0)' "$PROGRAMME")
if [[ $APPROVED == 0 ]]; then
  PENDING=$(js '(r.find((v) => v.programmeId === a[0] && v.courseId === a[1] && v.status === "pending") ?? {}).id ?? ""' "$PROGRAMME" "$CARE_COURSE")
  if [[ -z $PENDING ]]; then
    call 201 POST "/api/v1/programmes/$PROGRAMME/vouchers" "$JOBSEEKER" \
      "{\"courseId\":\"$CARE_COURSE\",\"incomeBand\":\"20000-30000\",\"motivation\":\"Na acht jaar in de supermarkt wil ik de zorg in.\"}"
    PENDING=$(js 'r.id')
  fi
  call 200 GET "/api/v1/vouchers/$PENDING" "$JOBSEEKER"
  AMOUNT=$(js 'r.amountEur')
  check 'r.status === "pending" && r.amountEur > 0' "the jobseeker applied for $CARE_COURSE (EUR $AMOUNT)"
  call 200 GET "/api/v1/programmes/$PROGRAMME/vouchers?status=pending" "$LOKET"
  check 'r.some((v) => v.id === a[0])' 'the leerwerkloket sees the application' "$PENDING"
  call 200 POST "/api/v1/vouchers/$PENDING/approve" "$LOKET" '{"reason":"Past binnen de regeling."}'
  check 'r.status === "approved"' 'the leerwerkloket approves it'
  call 200 GET "/api/v1/programmes/$PROGRAMME/figures" "$ADMIN"
  check 'r.committedEur === Number(a[0]) + Number(a[1])' "the programme figures show EUR $AMOUNT more committed" "$COMMITTED_BEFORE" "$AMOUNT"
else
  echo "   (the demo jobseeker already has EUR $APPROVED approved in $PROGRAMME: checking it stays committed)"
  call 200 GET "/api/v1/programmes/$PROGRAMME/figures" "$ADMIN"
  check 'r.committedEur >= Number(a[0])' "the programme figures show the approved EUR $APPROVED committed" "$APPROVED"
fi
check 'r.budgetLeftEur === r.budgetEur - r.committedEur && r.participants >= 1' 'budget left = budget - committed, with participants'
js '"     committed EUR " + r.committedEur + " of " + r.budgetEur + ", " + r.participants + " participant(s), " + r.placesLeft + " places left\n"'

printf '\nDemo walkthrough: all checks passed against %s\n' "$BASE_URL"
