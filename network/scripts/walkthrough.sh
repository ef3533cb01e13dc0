#!/usr/bin/env bash
# The judicial walkthrough: what each org and role can do on the running
# network, through the gateway client (build/judicial). `make demo` runs it
# after `make network-up`.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cli=${JUDICIAL_CLI:-$root/build/judicial}
export JUDICIAL_PROFILE=${JUDICIAL_PROFILE:-$root/network/run/profile.json}
[[ -x $cli ]] || { echo "missing $cli: run 'make client'" >&2; exit 1; }
[[ -f $JUDICIAL_PROFILE ]] || { echo "missing $JUDICIAL_PROFILE: run 'make network-up'" >&2; exit 1; }

as() { # org identity args...: run the client as one identity, echoing the command
  local org=$1 id=$2; shift 2
  printf '\n$ judicial --org %s --identity %s %s\n' "$org" "$id" "$*"
  "$cli" --org "$org" --identity "$id" "$@"
}
refused() { # like as, but the call must be refused (or the verdict negative)
  if as "$@"; then
    echo "walkthrough: expected a refusal" >&2
    exit 1
  fi
  echo "(refused, as it should be)"
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== 1. Every org reaches the chaincode through its own gateway peer"
as CourtMSP auditor ping
as MediationMSP auditor ping
as CreditMSP auditor ping

echo
echo "== 2. Roles come from the certificates the orgs' CAs issued"
as CourtMSP judge1 whoami
as MediationMSP mediator1 whoami
as CreditMSP bank1 whoami

echo
echo "== 3. A judge sets a channel parameter (endorsed by the court and one other org)"
as CourtMSP judge1 param set filing.reviewPeriod 168h
as CreditMSP bank1 param list

echo
echo "== 4. Others cannot"
refused MediationMSP mediator1 param set filing.reviewPeriod 24h
refused MediationMSP rogue1 param set filing.reviewPeriod 24h
refused CourtMSP user1 param set filing.reviewPeriod 24h
refused CourtMSP judge1 param set filing.reviewPeriod "seven days"

echo
echo "== 5. Evidence: files are hashed here, only digests go on the ledger"
stamp=$(date +%s%N)
printf 'Civil complaint, filed %s\n' "$stamp" >"$work/complaint.txt"
for i in 1 2 3; do printf 'Photo %s of the damaged goods, %s\n' "$i" "$stamp" >"$work/photo$i.txt"; done
cd "$work"
as CourtMSP clerk1 evidence anchor --kind litigation_document --case "(2026)京0491民初1号" --media-type text/plain complaint.txt
as CourtMSP clerk1 evidence anchor --receipts receipts photo1.txt photo2.txt photo3.txt
as CourtMSP auditor evidence verify complaint.txt
printf 'one altered line\n' >>complaint.txt
refused CreditMSP auditor evidence verify complaint.txt
receipt=$(ls receipts/*photo2.txt.receipt.json)
as MediationMSP auditor evidence verify-receipt --file photo2.txt "$receipt"
as MediationMSP auditor evidence verify-receipt --online "$receipt"

echo
echo "== 6. Mediation to enforcement, automatically"
pseudonym() { printf '%s' "$1-$stamp" | sha256sum | cut -c1-64; }
echo "(people appear on the ledger only as pseudonyms: a keyed hash of the ID number, with a key the orgs share)"
as CourtMSP judge1 credit key init
# A fresh valid resident ID number of an adult each run (a real birth
# date, GB 11643 check character), so runs on a reused ledger do not meet
# each other's cases.
id_number() {
  local base=$1 weights=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) checks=10X98765432 sum=0 i
  for i in "${!weights[@]}"; do sum=$((sum + ${base:i:1} * weights[i])); done
  printf '%s%s' "$base" "${checks:sum%11:1}"
}
born=$(date -u -d "1960-01-01 + $(( ${stamp:0:10} % 10000 )) days" +%Y%m%d)
id_number=$(id_number "110105${born}${stamp: -3}") name=张三
debtor=$("$cli" credit key pseudonym "$id_number")
creditor=$(pseudonym creditor)
echo "debtor $name ($id_number) is $debtor on the ledger"
due=$(date -u -d '+3 seconds' +%Y-%m-%dT%H:%M:%SZ)
cat >agreement.json <<JSON
{"digest": "$(pseudonym agreement)", "judiciallyConfirmed": true,
 "obligations": [{"debtor": "$debtor", "creditor": "$creditor", "amount": 1200000, "due": "$due"}]}
JSON
echo "(a judicially confirmed agreement: 12,000 yuan due at $due; parties by pseudonym only)"
as MediationMSP mediator1 --json agreement register @agreement.json >registered.json
id=$(sed -n 's/.*"id": "\(MA[^"]*\)".*/\1/p' registered.json | head -1)
echo "registered $id"
echo "(a court case system listens for events; nobody pays; the keeper wakes the chaincode)"
timeout 60 "$cli" --org CourtMSP --identity auditor events follow --checkpoint events.checkpoint --start-block "$(sed -n 's/.*"block": \([0-9]*\).*/\1/p' registered.json | head -1)" --count 2 >events.jsonl &
listener=$!
sleep 4
as CourtMSP clerk1 keeper run --once
wait "$listener" || true
echo "events the case system received:"
cat events.jsonl
as CourtMSP auditor agreement show "$id" | grep -E '"(state|caseNumber|caseKind|how)"'
case=$("$cli" --org CourtMSP --identity auditor --json agreement show "$id" | sed -n 's/.*"caseNumber": "\([^"]*\)".*/\1/p' | head -1)

echo
echo "== 7. Enforcement: terminated for lack of property, resumed on its own by a bank's clue"
digest() { printf '%s' "$1-$stamp" | sha256sum | cut -c1-64; }
echo "(this test network's chaincode servers run with test periods, so a case may end for lack of property at once; the law, and a court's servers, require more than 3 months)"
as CourtMSP judge1 param set enforcement.terminationMonths 0 >/dev/null
trap 'rm -rf "$work"; "$cli" --org CourtMSP --identity judge1 param set enforcement.terminationMonths 3 >/dev/null 2>&1 || true' EXIT
as CourtMSP officer1 enforcement activate "$case" "$(digest notice)" | grep -E '"state"'
echo "(the debtor does not perform: a judge lists them; name and ID number go only to the court's and the bank's private store)"
as CourtMSP judge1 credit list "$case" --kind dishonest --kind consumption --court J0491 --ground 1 \
  --basis "enforcement notice unperformed; 2017 SPC Provisions art. 1(1)" \
  --start "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --end "$(date -u -d '+2 years' +%Y-%m-%dT%H:%M:%SZ)" --name "$name" --id-number "$id_number" | tee listed.txt
listing=$(awk '/^CR.* dishonest /{print $1; exit}' listed.txt)
echo "(a bank checks the person by ID number before granting a loan)"
as CreditMSP bank1 credit check --id-number "$id_number"
refused CourtMSP judge1 enforcement terminate "$case" "no property" "$(digest ruling)"
echo "(refused: the current procedure ends for lack of property only after a property investigation)"
as CourtMSP officer1 enforcement log "$case" investigation "$(digest inquiry)" "online inquiry: no deposits, no real estate" >/dev/null
as CourtMSP judge1 enforcement terminate "$case" "no property found after investigation" "$(digest ruling)" | grep -E '"state"'
echo "(months later a bank finds a deposit of the debtor and reports it: the case resumes in the same number)"
as CreditMSP bank1 enforcement clue report "$debtor" deposit "$(digest deposit)" 0
as CourtMSP auditor enforcement show "$case" | grep -E '"(number|state)"'
refused CourtMSP officer1 enforcement measure approve "$case" M1 "$(digest approval)"
as CourtMSP judge1 enforcement measure approve "$case" M1 "$(digest approval)" >/dev/null
as CreditMSP bank1 enforcement measure confirm "$case" M1 1200000 "$(digest frozen)" | awk '/"state"/ && !seen++'
as CourtMSP officer1 enforcement measure request "$case" deduction "$(digest deposit)" 1200000 "$(digest deduction)" >/dev/null
as CourtMSP judge1 enforcement measure approve "$case" M2 "$(digest approval2)" >/dev/null
as CreditMSP bank1 enforcement measure confirm "$case" M2 1200000 "$(digest transfer)" | grep -E '"(state|concludedHow)"'
as CourtMSP officer1 enforcement distribute "$case" 1200000 "$(digest plan)" >/dev/null
echo "(every step is on the ledger, in order)"
as CourtMSP auditor enforcement ops "$case" --all
as CourtMSP judge1 param set enforcement.terminationMonths 3 >/dev/null

echo
echo "== 8. An auditor checks the ledger itself, not the court's word"
as CourtMSP auditor audit tx "$(sed -n 's/.*"txId": "\([0-9a-f]*\)".*/\1/p' registered.json | head -1)" | sed -n 1,9p
as CreditMSP auditor audit verify-chain
as MediationMSP auditor audit consistency --samples 8

echo
echo "== 9. The debtor has paid: the listings ended with the case, the personal data is purged"
as CreditMSP bank1 credit check --id-number "$id_number"
as CourtMSP auditor credit history "$listing" | grep -E '"(timestamp|state|removedHow)"'
refused CourtMSP judge1 credit personal "$listing"

echo
echo "walkthrough complete"
