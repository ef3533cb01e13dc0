#!/usr/bin/env bash
# The judicial walkthrough: what each org and role can do on the running
# network, through the gateway client (build/judicial). `make demo` runs it
# after `make network-up`.
set -euo pipefail
# What it writes (requests, receipts, the pseudonym key) is the owner's alone.
umask 077
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
as CourtMSP judge1 param set filing.reviewDays 7
as CreditMSP bank1 param list

echo
echo "== 4. Others cannot"
refused MediationMSP mediator1 param set filing.reviewDays 7
refused MediationMSP rogue1 param set filing.reviewDays 7
refused CourtMSP user1 param set filing.reviewDays 7
refused CourtMSP judge1 param set filing.reviewDays "seven days"

echo
echo "== 5. Evidence: files are hashed here, only digests go on the ledger"
stamp=$(date +%s%N)
printf 'Civil complaint, filed %s\n' "$stamp" >"$work/complaint.txt"
for i in 1 2 3; do printf 'Photo %s of the damaged goods, %s\n' "$i" "$stamp" >"$work/photo$i.txt"; done
cd "$work"
anchoring=$(as CourtMSP clerk1 evidence anchor --kind litigation_document --case "(2026)京0491民初1号" --media-type text/plain complaint.txt)
echo "$anchoring"
complaint_number=$(grep -o 'EV[0-9A-F]\{32\}' <<<"$anchoring" | head -1)
cp complaint.txt complaint-as-filed.txt
as CourtMSP clerk1 evidence anchor --receipts receipts photo1.txt photo2.txt photo3.txt
as CourtMSP auditor evidence verify complaint.txt
printf 'one altered line\n' >>complaint.txt
refused CreditMSP auditor evidence verify complaint.txt
receipt=$(ls receipts/*photo2.txt.receipt.json)
as MediationMSP auditor evidence verify-receipt --file photo2.txt "$receipt"
as MediationMSP auditor evidence verify-receipt --online "$receipt"

echo
echo "== 5b. An evidence certificate: the anchoring proved from signatures, offline, years later"
echo "(the court publishes its trust file: every org's root certificate, pinned by fingerprint, and the endorsement policy)"
as CourtMSP clerk1 evidence trust-file -o trust.json --published-by "Walkthrough court"
as CourtMSP clerk1 evidence certificate -o complaint.certificate.json "$complaint_number"
batch_number=$(basename "$receipt" | grep -o 'EV[0-9A-F]\{32\}')
as CourtMSP clerk1 evidence certificate --receipt "$receipt" -o photo2.certificate.json "$batch_number"
offline() { # the CLI with no network at all: no profile, nothing to connect to
  printf '\n$ judicial %s   (offline)\n' "$*"
  JUDICIAL_PROFILE=/nonexistent "$cli" "$@"
}
offline evidence verify-certificate --trust trust.json --file complaint-as-filed.txt complaint.certificate.json
offline evidence verify-certificate --trust trust.json --file photo2.txt photo2.certificate.json
if offline evidence verify-certificate --trust trust.json --file complaint.txt complaint.certificate.json; then
  echo "walkthrough: the altered complaint passed" >&2
  exit 1
fi
echo "(refused, as it should be)"
offline evidence print-certificate --trust trust.json --portal http://127.0.0.1:8088/ -o complaint.certificate.html complaint.certificate.json

echo
echo "== 6. Mediation, judicial confirmation, and enforcement when the agreement is breached"
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
due=$(date -u -d '+20 seconds' +%Y-%m-%dT%H:%M:%SZ)
cat >agreement.json <<JSON
{"digest": "$(pseudonym agreement)",
 "obligations": [{"debtor": "$debtor", "creditor": "$creditor", "amount": 1200000, "due": "$due"}]}
JSON
echo "(an agreement signed today: 12,000 yuan due at $due; parties by pseudonym only)"
as MediationMSP mediator1 --json agreement register @agreement.json >registered.json
id=$(sed -n 's/.*"id": "\(MA[^"]*\)".*/\1/p' registered.json | head -1)
echo "registered $id: not judicially confirmed, which is a court's ruling, not the mediator's word (CPL 2023 art. 205)"
echo "(the parties apply jointly within 30 days of the agreement taking effect; a clerk records their application)"
as CourtMSP clerk1 agreement apply-confirmation "$id" "$(pseudonym application)" | grep -E '"applyBy"'
echo "(a judge records the ruling that confirms it; the creditor's application for enforcement, made in advance, is recorded with it)"
today=$(date -u -d '+8 hours' +%Y-%m-%d) # the ruling's date in Beijing
cat >ruling.json <<JSON
{"rulingNumber": "(2026)京0491民特${stamp: -5}号", "rulingDate": "$today",
 "document": "$(pseudonym ruling)", "preAuthorization": "$(pseudonym application-in-advance)"}
JSON
as CourtMSP judge1 --json agreement confirm-judicially "$id" @ruling.json >confirmed.json
grep -E '"(judiciallyConfirmed|applicationPeriodEnds)"' confirmed.json
echo "(a court case system listens for events; nobody pays; the keeper wakes the chaincode)"
timeout 90 "$cli" --org CourtMSP --identity auditor events follow --checkpoint events.checkpoint --start-block "$(sed -n 's/.*"block": \([0-9]*\).*/\1/p' confirmed.json | head -1)" --count 2 >events.jsonl &
listener=$!
wait_s=$(( $(date -u -d "$due" +%s) - $(date -u +%s) + 2 ))
(( wait_s > 0 )) && sleep "$wait_s"
as CourtMSP clerk1 keeper run --once
wait "$listener" || true
echo "events the case system received:"
cat events.jsonl
echo "(the breach covers what is due and unpaid, against its debtor; the creditor's advance application opened the case)"
as CourtMSP auditor agreement show "$id" | grep -E '"(obligations|outcome|caseNumber|how)"'
case=$("$cli" --org CourtMSP --identity auditor --json agreement show "$id" | sed -n 's/.*"caseNumber": "\([^"]*\)".*/\1/p' | head -1)

echo
echo "== 7. Enforcement: terminated for lack of property once the five conditions are logged, resumed as a case of its own by a bank's clue"
digest() { printf '%s' "$1-$stamp" | sha256sum | cut -c1-64; }
echo "(this test network's chaincode servers run with test periods, so a case may end for lack of property at once; the law, and a court's servers, require more than 3 calendar months since docketing)"
as CourtMSP judge1 param set enforcement.terminationMonths 0 >/dev/null
trap 'rm -rf "$work"; "$cli" --org CourtMSP --identity judge1 param set enforcement.terminationMonths 3 >/dev/null 2>&1 || true' EXIT
as CourtMSP officer1 enforcement activate "$case" "$(digest notice)" | grep -E '"state"'
echo "(the debtor does not perform: a judge lists them as able to perform but refusing, ground (1), which has no term and comes with a consumption restriction; name and ID number go only to the court's and the bank's private store)"
as CourtMSP judge1 credit list "$case" --kind dishonest --court J0491 --ground 1 \
  --basis "enforcement notice unperformed; 2017 SPC Provisions art. 1(1)" \
  --exclusion "no security given; no property frozen, seized or sealed (art. 3)" --name "$name" --id-number "$id_number" | tee listed.txt
listing=$(awk '/^CR.* dishonest /{print $1; exit}' listed.txt)
echo "(a bank checks the person by ID number before granting a loan)"
as CreditMSP bank1 credit check --id-number "$id_number"
refused CourtMSP judge1 enforcement terminate "$case" "no property" "$(digest ruling)"
echo "(refused: the current procedure ends for lack of property only once the case's log shows the five conditions of the 2016 SPC Provisions, art. 1; the refusal names each one unmet)"
echo "(the officer logs them: (1) the order to report property, besides the notice; (2) the restriction order and the listing; (3) a search through every channel the court defines; (5) the debtor not missing — (4), more than 3 months, is the parameter above)"
as CourtMSP officer1 enforcement log "$case" report_order "$(digest report-order)" "order to report property served" >/dev/null
as CourtMSP officer1 enforcement log "$case" restriction_order "$(digest restriction-order)" "consumption-restriction order issued" >/dev/null
as CourtMSP officer1 enforcement log "$case" listing "$(digest listing)" "listed as a dishonest judgment defaulter: $listing" >/dev/null
channels=$("$cli" --org CourtMSP --identity auditor --json param get enforcement.searchChannels | sed -n 's/.*"value": "\([^"]*\)".*/\1/p')
echo "(parameter enforcement.searchChannels: $channels)"
for channel in ${channels//,/ }; do
  as CourtMSP officer1 enforcement search "$case" "$channel" "$(digest "search-$channel")" "nothing found" >/dev/null
done
as CourtMSP officer1 enforcement log "$case" debtor_not_missing "$(digest whereabouts)" "the debtor lives at the registered address" >/dev/null
as CourtMSP judge1 enforcement terminate "$case" "no property found after investigation" "$(digest ruling)" | grep -E '"state"'
echo "(the court's network inquiry is now scheduled every 6 calendar months for 5 years, in the deadline index; the first two rounds:)"
as CourtMSP judge1 enforcement inquiry schedule "$case" | grep -E '"(round|due|indexed)"' | sed -n 1,6p
echo "(months later a bank finds a deposit that covers what is outstanding and reports it: in the same transaction a resumption case of its own number (执恢) is docketed and the bank asked to freeze; the original stays terminated)"
printf '\n$ judicial --org CreditMSP --identity bank1 --json enforcement clue report %s deposit %s 1200000\n' "$debtor" "$(digest deposit)"
start_ns=$(date +%s%N)
"$cli" --org CreditMSP --identity bank1 --json enforcement clue report "$debtor" deposit "$(digest deposit)" 1200000 >clue.json
resumed=$(sed -n 's/.*"resumption": "\([^"]*\)".*/\1/p' clue.json)
[[ -n $resumed ]] || { cat clue.json; echo "walkthrough: the clue resumed nothing" >&2; exit 1; }
"$cli" --org CourtMSP --identity auditor --json enforcement show "$resumed" >resumed.json
end_ns=$(date +%s%N)
grep -E '"(result|resumption|measure)"' clue.json
echo "from the bank's report to the resumed case read back on the court's peer: $(( (end_ns - start_ns) / 1000000 )) ms"
echo "(the resumption case $resumed, docketed by the contract:)"
grep -E '"(number|state|resumes|amountDue|openedAt)"' resumed.json
as CourtMSP auditor enforcement show "$case" | grep -E -A1 '"(number|state|resumedAs)"' | grep -v '^--$'
refused CourtMSP officer1 enforcement measure approve "$resumed" M1 "$(digest approval)"
as CourtMSP judge1 enforcement measure approve "$resumed" M1 "$(digest approval)" >/dev/null
as CreditMSP bank1 enforcement measure confirm "$resumed" M1 1200000 "$(digest frozen)" | awk '/"state"/ && !seen++'
as CourtMSP officer1 enforcement measure request "$resumed" deduction "$(digest deposit)" 1200000 "$(digest deduction)" >/dev/null
as CourtMSP judge1 enforcement measure approve "$resumed" M2 "$(digest approval2)" >/dev/null
as CreditMSP bank1 enforcement measure confirm "$resumed" M2 1200000 "$(digest transfer)" | grep -E '"(state|concludedHow)"'
echo "(the resumption case concluded: the listings of the matter, made in the original case, end with it)"
as CourtMSP officer1 enforcement distribute "$resumed" 1200000 "$(digest plan)" >/dev/null
echo "(every step is on the ledger, in order: the original case, then its resumption)"
as CourtMSP auditor enforcement ops "$case" --all
as CourtMSP auditor enforcement ops "$resumed" --all
as CourtMSP judge1 param set enforcement.terminationMonths 3 >/dev/null

echo
echo "== 8. An auditor checks the ledger itself, not the court's word"
as CourtMSP auditor audit tx "$(sed -n 's/.*"txId": "\([0-9a-f]*\)".*/\1/p' registered.json | head -1)" | sed -n 1,9p
as CreditMSP auditor audit verify-chain
as MediationMSP auditor audit consistency --samples 8

echo
echo "== 9. The debtor has paid: the listings ended with the case, the personal data is purged"
as CreditMSP bank1 credit check --id-number "$id_number"
as CourtMSP auditor credit history "$listing" | grep -E '"(timestamp|state|ground|auto)"'
refused CourtMSP judge1 credit personal "$listing"

echo
echo "walkthrough complete"
