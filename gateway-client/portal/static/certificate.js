// The certificate page: the certificate is verified here, by the Go
// verifier compiled to WebAssembly (package certificate), against the
// trust file the court publishes or one the reader brings. The server is
// asked one thing only, online: the record's status now, which no
// certificate can show.
"use strict";

const checkNames = {
  "format": "Format 格式",
  "root certificates": "Root certificates 根证书",
  "block data hash": "Block data hash 区块数据哈希",
  "transaction signature": "Transaction signature 交易签名",
  "ordering service signature": "Ordering service signature 排序服务签名",
  "endorsements": "Endorsements 背书",
  "endorsement policy": "Endorsement policy 背书策略",
  "record": "Record 存证记录",
  "validity attestations": "Validity attestations 有效性证明",
  "Merkle path": "Merkle path 默克尔路径",
  "file digest": "File digest 文件摘要",
  "trust file": "Trust file 信任文件",
};

const verifierReady = (async () => {
  const go = new Go();
  const { instance } = await WebAssembly.instantiateStreaming(fetch("certificate/certificate.wasm"), go.importObject);
  go.run(instance);
})();

function number() {
  return new URLSearchParams(location.search).get("number") || "";
}

async function showStatus(n) {
  if (!n) return;
  $("online").hidden = false;
  const s = $("status");
  try {
    const r = await api("api/record?number=" + encodeURIComponent(n));
    s.className = "verdict " + (r.status === "valid" ? "anchored" : "invalid");
    s.dataset.status = r.status;
    s.textContent = { valid: "Valid 有效", revoked: "Revoked 已撤销", superseded: "Superseded 已被替代" }[r.status] || r.status;
    const c = r.statusChange || {};
    fill($("statusDetails"), [
      ["Evidence number 存证编号", r.number],
      ["Anchored at 存证时间", localTime(r.anchoredAt)],
      ["Changed at 变更时间", c.at && localTime(c.at)],
      ["Reason 原因", c.reason],
      ["Superseded by 替代记录", c.supersededBy],
    ]);
  } catch (e) {
    s.className = "verdict error";
    s.dataset.status = "error";
    s.textContent = "Error 错误 — " + e.message;
  }
}

async function trustText() {
  if ($("trustSource").value === "own") {
    const f = $("trustFile").files[0];
    if (!f) throw new Error("choose your trust file 请选择信任文件");
    return f.text();
  }
  const res = await fetch("trust.json");
  if (!res.ok) throw new Error("this court publishes no trust file here 本院未发布信任文件");
  return res.text();
}

// fileAlgorithm is the digest algorithm of what the certificate proves:
// its receipt's for a batch leaf, its record's otherwise.
function fileAlgorithm(cert) {
  return (cert.receipt && cert.receipt.algorithm) || (cert.record && cert.record.algorithm) || "sha256";
}

async function verify() {
  const cf = $("certificate").files[0];
  if (!cf) return;
  $("result").hidden = false;
  const v = $("verdict");
  try {
    const text = await cf.text();
    const cert = JSON.parse(text);
    const file = $("file").files[0];
    const digest = file ? await digestOf(file, fileAlgorithm(cert)) : "";
    await verifierReady;
    const out = JSON.parse(judicialVerifyCertificate(text, await trustText(), digest));
    render(out, file);
    if (cert.number && cert.number !== number()) showStatus(cert.number);
  } catch (e) {
    v.className = "verdict error";
    v.dataset.verdict = "error";
    v.textContent = "Error 错误 — " + e.message;
  }
}

function render(out, file) {
  const v = $("verdict");
  v.dataset.verdict = out.verdict;
  const r = out.report || {};
  if (out.verdict === "valid") {
    v.className = "verdict anchored";
    v.textContent = "Valid certificate 存证证明有效";
  } else {
    v.className = "verdict invalid";
    v.textContent = `Invalid 无效 — ${checkNames[out.failedCheck] || out.failedCheck || ""}: ${out.reason}`;
  }
  const signer = (s) => (s && s.mspId ? `${s.subject} (${s.mspId})` : "");
  fill($("details"), [
    ["Evidence number 存证编号", r.number],
    ["Digest 摘要", r.digest && `${r.algorithm}:${r.digest}`],
    ["Batch root 批次根", r.root],
    ["File 文件", file && (r.fileMatches ? `${file.name}: matches 一致` : file.name)],
    ["Anchored at 存证时间", r.anchoredBy && r.anchoredBy.mspId ? localTime(r.anchoredAt) : ""],
    ["Anchored by 存证人", signer(r.anchoredBy)],
    ["Transaction 交易", r.txId],
    ["Block 区块", r.block !== undefined ? `${r.block} (#${r.position})` : ""],
    ["Block signed by 区块签名", signer(r.blockSigner)],
    ["Endorsed by 背书节点", (r.endorsers || []).map(signer).join("; ")],
    ["Attested by 有效性证明", (r.attesters || []).map((a) => `${a.peer} (${a.mspId}) ${localTime(a.at)}`).join("; ")],
    ["Checks passed 通过的核验", (r.checks || []).map((c) => checkNames[c] || c).join(", ")],
  ]);
  const ul = $("unknown");
  ul.replaceChildren();
  for (const u of r.unknown || []) {
    const li = document.createElement("li");
    li.textContent = "Not known offline 离线无法确认: " + u;
    ul.append(li);
  }
}

$("number").value = number();
showStatus(number());
$("trustSource").addEventListener("change", () => { $("trustFile").hidden = $("trustSource").value !== "own"; });
$("verify").addEventListener("click", verify);
verifierReady.then(
  () => { $("verify").disabled = false; $("loading").textContent = "verifier ready 核验程序已就绪"; $("loading").dataset.ready = "1"; },
  (e) => { $("loading").textContent = "the verifier could not be loaded 核验程序加载失败: " + e.message; },
);
