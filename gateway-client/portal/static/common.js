// What the verification pages share: element lookup, times in the
// court's zone, and digests computed in the browser (Web Crypto for
// SHA-256, sm3.js for SM3).
"use strict";
const $ = (id) => document.getElementById(id);

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

// fill writes label/value pairs into a definition list, as text.
function fill(dl, fields) {
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

// api asks the portal's read-only API; an answer that is not OK throws
// with the server's message.
async function api(path, init) {
  const res = await fetch(path, init);
  const body = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}
