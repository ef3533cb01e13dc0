// The verification page: hashes files locally (common.js), sends only
// digests or receipts to the portal's read-only API, and shows the verdict.
"use strict";
const verdictText = {
  anchored: "Anchored 已存证",
  not_on_chain: "Not on chain 未存证",
  mismatch: "Mismatch 内容不一致",
  invalid: "Invalid receipt 回执无效",
  error: "Error 错误",
};

function show(verdict, message, fields) {
  $("result").hidden = false;
  const v = $("verdict");
  v.className = "verdict " + verdict;
  v.dataset.verdict = verdict;
  v.textContent = (verdictText[verdict] || verdict) + (message ? " — " + message : "");
  fill($("details"), fields);
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
