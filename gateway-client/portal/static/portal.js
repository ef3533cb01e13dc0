// The verification page: hashes files locally (Web Crypto for SHA-256, sm3.js
// for SM3), sends only digests or receipts to the portal's read-only API,
// and shows the verdict.
"use strict";
const $ = (id) => document.getElementById(id);
const verdictText = {
  anchored: "Anchored 已存证",
  not_on_chain: "Not on chain 未存证",
  mismatch: "Mismatch 内容不一致",
  invalid: "Invalid receipt 回执无效",
  error: "Error 错误",
};

// Times come from the ledger in RFC 3339 UTC; people read them in the
// court's zone, with the offset: "2026-01-05 17:00:00 +08:00".
const zone = document.documentElement.dataset.timeZone || "Asia/Shanghai";
function localTime(iso) {
  const d = new Date(iso);
  if (!iso || isNaN(d)) return iso;
  const parts = {};
  for (const p of new Intl.DateTimeFormat("en-CA", {
    timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "longOffset",
  }).formatToParts(d)) parts[p.type] = p.value;
  const offset = parts.timeZoneName === "GMT" ? "+00:00" : parts.timeZoneName.replace("GMT", "");
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${offset}`;
}

async function digestOf(file, algorithm) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (algorithm === "sm3") return sm3Hex(bytes);
  const d = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}

function show(verdict, message, fields) {
  $("result").hidden = false;
  const v = $("verdict");
  v.className = "verdict " + verdict;
  v.dataset.verdict = verdict;
  v.textContent = (verdictText[verdict] || verdict) + (message ? " — " + message : "");
  const dl = $("details");
  dl.replaceChildren();
  for (const [k, val] of fields) {
    if (val === undefined || val === null || val === "") continue;
    const dt = document.createElement("dt");
    dt.textContent = k;
    const dd = document.createElement("dd");
    dd.textContent = String(val);
    dl.append(dt, dd);
  }
}

function recordFields(r, extra) {
  const rec = r.record || {};
  return [
    ["File 文件", extra.file],
    ["Digest 摘要", `${r.algorithm}:${r.digest}`],
    ["Evidence number 存证编号", rec.number || r.number],
    ["Kind 类型", rec.kind],
    ["Case 案号", rec.caseNumber],
    ["Anchored at 存证时间", localTime(rec.anchoredAt)],
    ["Depositor 存证人", rec.depositor ? `${rec.depositor.mspId}/${rec.depositor.enrollmentId}` : ""],
    ["Status 状态", rec.status],
    ["Transaction 交易", rec.txId],
    ["Block 区块", r.block],
  ];
}

async function api(path, init) {
  const res = await fetch(path, init);
  const body = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

async function checkFile(file) {
  const algorithm = $("algorithm").value;
  show("pending", "hashing " + file.name + " …", []);
  try {
    const digest = await digestOf(file, algorithm);
    const q = new URLSearchParams({ algorithm, digest });
    const number = $("number").value.trim();
    if (number) q.set("number", number);
    const r = await api("api/verify?" + q);
    show(r.verdict, r.message, recordFields(r, { file: file.name }));
  } catch (e) {
    show("error", e.message, []);
  }
}

async function checkReceipt(file) {
  show("pending", "checking " + file.name + " …", []);
  try {
    const r = await api("api/receipt", { method: "POST", headers: { "Content-Type": "application/json" }, body: await file.text() });
    show(r.verdict, r.message, [
      ["Receipt 回执", file.name],
      ["Leaf 叶子摘要", r.receipt && `${r.receipt.algorithm}:${r.receipt.leaf}`],
      ["Position 位置", r.receipt && `${r.receipt.index + 1} / ${r.receipt.treeSize}`],
      ["Root 根", r.receipt && r.receipt.root],
      ["Evidence number 存证编号", r.receipt && r.receipt.evidenceNumber],
      ["Anchored at 存证时间", r.record && localTime(r.record.anchoredAt)],
      ["Transaction 交易", r.receipt && r.receipt.txId],
      ["Block 区块", r.block],
    ]);
  } catch (e) {
    show("error", e.message, []);
  }
}

function dropZone(zone, input, handle) {
  input.addEventListener("change", () => input.files[0] && handle(input.files[0]));
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    if (e.dataTransfer.files[0]) handle(e.dataTransfer.files[0]);
  });
}
dropZone($("drop"), $("file"), checkFile);
dropZone($("dropReceipt"), $("receipt"), checkReceipt);
