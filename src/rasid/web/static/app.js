// Rasid dashboard. Every text from the record is written with textContent / DOM nodes, never as HTML.
"use strict";

const I18N = {
  ar: {
    title: "راصد — لوحة المحلل", tab_map: "الخريطة والخط الزمني", tab_control: "السيطرة",
    tab_claims: "الأرقام المتنازع عليها", tab_reader: "قارئ المقالات", token: "رمز المراجعة",
    shown: "الأحداث المعروضة", clear: "إلغاء التحديد", timeline: "الأحداث يومياً حسب النوع (اسحب لتحديد فترة)",
    date: "التاريخ", evidence: "الأدلة على كل تغيير", events: "الأحداث", review: "مراجعة الحدث", field: "الحقل",
    value: "القيمة الجديدة", who: "المراجِع", save: "حفظ التصحيح", reject: "رفض الحدث", cancel: "إلغاء",
    lang: "English", fatalities: "القتلى", source: "المصدر", open: "افتح المقال", correct: "مراجعة",
    layer: "الطبقة", norm: "القيمة", why: "لماذا", places: "مكان", actors: "فاعل", persons: "شخص", times: "تاريخ",
    times_vague: "زمن مبهم", quantities: "عدد", event: "دليل حدث", saved: "حُفظ", failed: "فشل",
    no_token: "أدخل رمز المراجعة أولاً", as_of: "حتى", value_col: "القيمة", outlet: "الوسيلة",
    about: "عن", where: "أين", nobody: "لا معلومات", rejected: "مرفوض",
    merged: "دمج الأحداث المتطابقة من كل المصادر", sources: "مصادر",
  },
  en: {
    title: "Rasid — analyst dashboard", tab_map: "Map & timeline", tab_control: "Control",
    tab_claims: "Claims board", tab_reader: "Article reader", token: "Review token",
    shown: "Events shown", clear: "Clear selection", timeline: "Events per day by type (drag to select a period)",
    date: "Date", evidence: "Evidence behind each change", events: "Events", review: "Review event", field: "Field",
    value: "New value", who: "Reviewer", save: "Save correction", reject: "Reject event", cancel: "Cancel",
    lang: "العربية", fatalities: "fatalities", source: "source", open: "Open article", correct: "Review",
    layer: "Layer", norm: "Value", why: "Why", places: "place", actors: "actor", persons: "person", times: "date",
    times_vague: "vague time", quantities: "number", event: "event evidence", saved: "saved", failed: "failed",
    no_token: "Enter the review token first", as_of: "as of", value_col: "value", outlet: "outlet",
    about: "about", where: "where", nobody: "no information", rejected: "rejected",
    merged: "Merge matching events across sources", sources: "sources",
  },
};
const TYPE_COLORS = {
  "Battles": "#c0392b", "Explosions/Remote violence": "#e67e22", "Violence against civilians": "#8e44ad",
  "Protests": "#2980b9", "Riots": "#16a085", "Strategic developments": "#7f8c8d",
};
const TYPE_AR = {
  "Battles": "معارك", "Explosions/Remote violence": "انفجارات وعنف عن بعد",
  "Violence against civilians": "عنف ضد المدنيين", "Protests": "احتجاجات", "Riots": "أعمال شغب",
  "Strategic developments": "تطورات استراتيجية",
};
const ACTOR_PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22"];
const LAYERS = ["places", "actors", "persons", "times", "times_vague", "quantities"];
const REGION = [[28, 30], [42, 50]];

const state = { lang: localStorage.getItem("rasid-lang") || "ar", events: [], brush: null, control: [],
  controlDates: [], actorColors: {}, docs: [], currentDoc: null, reviewKey: null, fields: [] };

const t = (key) => (I18N[state.lang] && I18N[state.lang][key]) || key;
const typeLabel = (type) => (state.lang === "ar" && TYPE_AR[type]) || type || "?";
const typeColor = (type) => TYPE_COLORS[type] || "#555";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

async function api(path, options) {
  const response = await fetch(path, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error((body.error && body.error.message) || response.statusText);
  return body;
}

// ---- language -------------------------------------------------------------------------------------------
function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.documentElement.dir = state.lang === "ar" ? "rtl" : "ltr";
  document.title = t("title");
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  document.getElementById("lang-toggle").textContent = t("lang");
  renderLegend();
  renderEventList();
  renderTimeline();
  renderControl();
  renderClaims();
  if (state.currentDoc) renderArticle(state.currentDoc);
}

// ---- tabs -----------------------------------------------------------------------------------------------
function showTab(name) {
  for (const button of document.querySelectorAll("#tabs button")) button.classList.toggle("active", button.dataset.tab === name);
  for (const view of document.querySelectorAll(".view")) view.classList.toggle("active", view.id === `view-${name}`);
  if (name === "map" && state.map) state.map.invalidateSize();
  if (name === "control" && state.controlMap) {
    state.controlMap.invalidateSize();
    if (state.controlBounds && !state.controlFitted) {
      state.controlMap.fitBounds(state.controlBounds, { maxZoom: 11 });
      state.controlFitted = true;
    }
  }
}

// ---- maps -----------------------------------------------------------------------------------------------
function baseMap(id, outlines, places) {
  const map = L.map(id, { zoomControl: true, attributionControl: true, preferCanvas: false }).fitBounds(REGION);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth (world-atlas)");
  if (outlines) L.geoJSON(outlines, { interactive: false, style: { color: "#777", weight: 1, fillColor: "#f2efe6", fillOpacity: 1 } }).addTo(map);
  for (const place of places) {
    if (place.lat == null || place.lon == null) continue;
    L.circleMarker([place.lat, place.lon], { radius: 2, color: "#666", weight: 1, fillOpacity: .6, className: "place-point" })
      .bindTooltip(`${(place.names || [])[0] || ""} — ${place.name_en || ""}`).addTo(map);
  }
  return map;
}

function visibleEvents() {
  if (!state.brush) return state.events;
  const [from, to] = state.brush;
  return state.events.filter((e) => e.date && e.date.slice(0, 10) >= from && e.date.slice(0, 10) <= to);
}

function renderEventLayer() {
  if (!state.eventLayer) return;
  state.eventLayer.clearLayers();
  const shown = visibleEvents();
  for (const event of shown) {
    if (event.lat == null || event.lon == null) continue;
    const radius = 5 + 3 * Math.sqrt(event.fatalities_best || 0);
    const marker = L.circleMarker([event.lat, event.lon], { radius, color: typeColor(event.event_type), weight: 1,
      fillColor: typeColor(event.event_type), fillOpacity: .6, className: "event-marker" });
    marker.bindPopup(() => eventCard(event));
    marker.addTo(state.eventLayer);
    marker.getElement().setAttribute("data-event", event.event_key);
  }
  document.getElementById("event-count").textContent = String(shown.length);
  renderEventList();
}

function mergedCard(event) {
  const card = el("div", { class: "event-card" },
    el("b", { text: typeLabel(event.event_type) }), " — ", event.sub_event_type || "", el("br"),
    `${event.date || "?"} · ${event.place_name || "?"} · ${t("fatalities")}: ${event.fatalities_best ?? "?"}`, el("br"),
    `${event.sources.length} ${t("sources")}:`);
  const list = el("ul");
  for (const source of event.sources) {
    list.append(el("li", {}, `${source.outlet || source.source || "?"} · ${(source.date && source.date.value) || "?"} `,
      el("button", { type: "button", text: t("open"), onclick: () => openDoc(source.doc_key, (source.evidence || [])[0]) })));
  }
  card.append(list);
  return card;
}

function eventCard(event) {
  if (event.sources) return mergedCard(event);
  const card = el("div", { class: "event-card" },
    el("b", { text: typeLabel(event.event_type) }), " — ", event.sub_event_type || "", el("br"),
    `${event.date || "?"} · ${event.place_name || "?"} · ${t("fatalities")}: ${event.fatalities_best ?? "?"}`, el("br"),
    `${event.actor1 || "?"} / ${event.actor2 || "-"} · ${t("source")}: ${event.attributed_to || "-"}`, el("br"),
    el("button", { type: "button", text: t("open"), onclick: () => openDoc(event.doc_key) }), " ",
    el("button", { type: "button", class: "review-button", text: t("correct"), onclick: () => openReview(event) }));
  return card;
}

function renderEventList() {
  const list = document.getElementById("event-list");
  if (!list) return;
  list.replaceChildren();
  for (const event of visibleEvents().slice(0, 300)) {
    const item = el("li", { "data-event": event.event_key, class: event.rejected ? "rejected" : "" },
      el("span", { class: "swatch", style: `background:${typeColor(event.event_type)}` }),
      `${event.date || "?"} · ${typeLabel(event.event_type)} · ${event.place_name || "?"}`,
      event.fatalities_best != null ? ` · ${t("fatalities")}: ${event.fatalities_best}` : "", " ");
    if (event.sources) {
      // A merged event is reviewed through its per-document members; here it lists its sources.
      item.append(`(${event.sources.length} ${t("sources")}) `,
        el("button", { type: "button", text: t("open"), onclick: () => openDoc(event.doc_key, event.evidence) }));
    } else {
      item.append(el("button", { type: "button", class: "review-button", text: t("correct"), onclick: () => openReview(event) }), " ",
        el("button", { type: "button", text: t("open"), onclick: () => openDoc(event.doc_key) }));
    }
    list.append(item);
  }
}

function renderLegend() {
  const legend = document.getElementById("legend");
  legend.replaceChildren();
  for (const [type, color] of Object.entries(TYPE_COLORS)) {
    legend.append(el("span", { class: "legend-item" }, el("span", { class: "swatch", style: `background:${color}` }), typeLabel(type)));
  }
}

// ---- timeline with brushing ---------------------------------------------------------------------------------
function renderTimeline() {
  const svg = document.getElementById("timeline");
  if (!svg) return;
  const NS = "http://www.w3.org/2000/svg";
  svg.replaceChildren();
  const days = [...new Set(state.events.filter((e) => e.date && e.date.length >= 10).map((e) => e.date.slice(0, 10)))].sort();
  if (!days.length) return;
  const width = svg.clientWidth || 900, height = 140, pad = 20;
  const start = Date.parse(days[0]), end = Date.parse(days[days.length - 1]) + 86400000;
  const x = (day) => pad + ((Date.parse(day) - start) / (end - start)) * (width - 2 * pad);
  const dayWidth = Math.max(2, (width - 2 * pad) / ((end - start) / 86400000) - 1);
  const counts = {};
  for (const event of state.events) {
    if (!event.date || event.date.length < 10) continue;
    const day = event.date.slice(0, 10);
    counts[day] = counts[day] || {};
    counts[day][event.event_type] = (counts[day][event.event_type] || 0) + 1;
  }
  const max = Math.max(...Object.values(counts).map((c) => Object.values(c).reduce((a, b) => a + b, 0)));
  for (const [day, byType] of Object.entries(counts)) {
    let y = height - pad;
    for (const [type, count] of Object.entries(byType)) {
      const h = (count / max) * (height - 2 * pad);
      y -= h;
      const rect = document.createElementNS(NS, "rect");
      rect.setAttribute("x", x(day)); rect.setAttribute("y", y); rect.setAttribute("width", dayWidth); rect.setAttribute("height", h);
      rect.setAttribute("fill", typeColor(type)); rect.setAttribute("class", "day-bar"); rect.setAttribute("data-day", day);
      const title = document.createElementNS(NS, "title");
      title.textContent = `${day} · ${typeLabel(type)}: ${count}`;
      rect.append(title);
      svg.append(rect);
    }
  }
  for (const [day, anchor] of [[days[0], "start"], [days[days.length - 1], "end"]]) {
    const label = document.createElementNS(NS, "text");
    label.setAttribute("x", anchor === "end" ? width - pad : x(day)); label.setAttribute("y", height - 5);
    label.setAttribute("font-size", "11"); label.setAttribute("text-anchor", anchor);
    label.textContent = day;
    svg.append(label);
  }
  const brush = document.createElementNS(NS, "rect");
  brush.setAttribute("class", "brush"); brush.setAttribute("y", 0); brush.setAttribute("height", height); brush.setAttribute("width", 0);
  svg.append(brush);
  const toDay = (px) => new Date(start + ((px - pad) / (width - 2 * pad)) * (end - start)).toISOString().slice(0, 10);
  let origin = null;
  svg.onmousedown = (e) => { origin = e.offsetX; brush.setAttribute("x", origin); brush.setAttribute("width", 0); };
  svg.onmousemove = (e) => {
    if (origin === null) return;
    brush.setAttribute("x", Math.min(origin, e.offsetX)); brush.setAttribute("width", Math.abs(e.offsetX - origin));
  };
  svg.onmouseup = (e) => {
    if (origin === null) return;
    const a = Math.min(origin, e.offsetX), b = Math.max(origin, e.offsetX);
    origin = null;
    state.brush = b - a < 3 ? null : [toDay(a), toDay(b)];
    if (!state.brush) brush.setAttribute("width", 0);
    renderEventLayer();
  };
  if (state.brush) {
    brush.setAttribute("x", x(state.brush[0])); brush.setAttribute("width", Math.max(0, x(state.brush[1]) - x(state.brush[0])));
  }
}

// ---- control --------------------------------------------------------------------------------------------
function actorColor(actor) {
  if (!actor) return "#999";
  if (!(actor in state.actorColors)) state.actorColors[actor] = ACTOR_PALETTE[Object.keys(state.actorColors).length % ACTOR_PALETTE.length];
  return state.actorColors[actor];
}

function holderOn(place, day) {
  let held = null;
  for (const obs of place.timeline) {
    if (!obs.date || obs.date.slice(0, 10) > day) continue;
    // "lost" says who no longer holds the place, not who does: it only clears that actor's hold.
    if (obs.status === "lost") { if (held && held.actor_id === obs.actor_id) held = obs; }
    else held = obs;
  }
  return held;
}

function renderControl() {
  if (!state.controlMap) return;
  const slider = document.getElementById("control-slider");
  const day = state.controlDates[Number(slider.value)] || "";
  document.getElementById("control-date").textContent = day;
  state.controlLayer.clearLayers();
  const evidence = document.getElementById("control-evidence");
  evidence.replaceChildren();
  const legend = document.getElementById("control-legend");
  legend.replaceChildren();
  const actors = new Set();
  for (const place of state.control) {
    if (place.lat == null || place.lon == null) continue;
    const held = holderOn(place, day);
    const holds = held && held.status !== "contested" && held.status !== "lost";
    const color = holds ? actorColor(held.actor_id) : "#999";
    if (holds) actors.add(held.actor_id);
    const marker = L.circleMarker([place.lat, place.lon], { radius: 9, color: "#333", weight: 1, fillColor: color, fillOpacity: .9,
      className: "control-marker" });
    marker.bindTooltip(`${place.name || place.place_id}: ${held ? `${held.actor_id} (${held.status}, ${held.date})` : t("nobody")}`);
    marker.addTo(state.controlLayer);
    marker.getElement().setAttribute("data-place", place.place_id);
    marker.getElement().setAttribute("data-actor", held ? held.actor_id || "" : "");
    for (const obs of place.timeline) {
      if (!obs.date || obs.date.slice(0, 10) > day) continue;
      evidence.append(el("li", {}, el("span", { class: "swatch", style: `background:${actorColor(obs.actor_id)}` }),
        `${obs.date} · ${place.name || place.place_id} · ${obs.actor_id} (${obs.status}) `,
        el("button", { type: "button", text: t("open"), onclick: () => openDoc(obs.doc_key, obs.evidence) })));
    }
  }
  for (const actor of actors) legend.append(el("span", { class: "legend-item" }, el("span", { class: "swatch", style: `background:${actorColor(actor)}` }), actor || "?"));
}

// ---- claims board -------------------------------------------------------------------------------------------
function renderClaims() {
  const board = document.getElementById("claims-board");
  if (!board || !state.claims) return;
  board.replaceChildren();
  for (const group of state.claims) {
    const table = el("table", { class: `claims${group.disagree ? " disagree" : ""}` });
    table.append(el("caption", { text: `${group.subject} · ${t("about")}: ${group.about || "-"} · ${t("where")}: ${group.where || "-"}${group.window && group.window[0] ? ` · ${group.window[0]}${group.window[1] && group.window[1] !== group.window[0] ? ` → ${group.window[1]}` : ""}` : ""}` }));
    table.append(el("tr", {}, el("th", { text: t("source") }), el("th", { text: t("outlet") }), el("th", { text: t("value_col") }),
      el("th", { text: t("as_of") }), el("th", { text: "" })));
    for (const claim of group.claims) {
      const value = claim.low === claim.high ? `${claim.low ?? "?"}` : `${claim.low ?? "?"}–${claim.high ?? "?"}`;
      table.append(el("tr", { class: "claim-row" }, el("td", { text: claim.attributed_to || "-" }), el("td", { text: claim.outlet || "-" }),
        el("td", { class: "claim-value", text: `${value}${claim.unit ? ` ${claim.unit}` : ""}` }), el("td", { text: claim.as_of || "-" }),
        el("td", {}, el("button", { type: "button", text: t("open"), onclick: () => openDoc(claim.doc_key, claim.evidence) }))));
    }
    board.append(table);
  }
}

// ---- reader ---------------------------------------------------------------------------------------------
async function openDoc(docKey, focus) {
  showTab("reader");
  state.currentDoc = await api(`/api/documents/${encodeURIComponent(docKey)}`);
  for (const item of document.querySelectorAll("#doc-list li")) item.classList.toggle("active", item.dataset.doc === docKey);
  renderArticle(state.currentDoc, focus);
}

function spansOf(doc) {
  const spans = [];
  for (const layer of LAYERS) {
    for (const mention of doc.mentions[layer] || []) {
      if (Number.isInteger(mention.start) && Number.isInteger(mention.end)) spans.push({ layer, start: mention.start, end: mention.end, mention });
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept = [];
  let reach = -1;
  for (const span of spans) if (span.start >= reach) { kept.push(span); reach = span.end; }
  const evidence = [];
  for (const event of doc.events) for (const ev of event.event.evidence || []) evidence.push({ start: ev.start, end: ev.end, event });
  return { kept, evidence };
}

function renderArticle(doc, focus) {
  const d = doc.document;
  document.getElementById("article-title").textContent = d.title || d.id;
  document.getElementById("article-meta").textContent = [d.outlet, d.published, d.url].filter(Boolean).join(" · ");
  const legend = document.getElementById("article-legend");
  legend.replaceChildren(...LAYERS.filter((l) => l !== "times_vague").map((l) => el("span", { class: `legend-item hl hl-${l}`, text: t(l) })),
    el("span", { class: "legend-item ev", text: t("event") }));
  // Offsets are code points (Python); JavaScript strings count UTF-16 units, so slice an array of code points.
  const chars = Array.from(d.text);
  const { kept, evidence } = spansOf(doc);
  const cuts = new Set([0, chars.length]);
  for (const s of [...kept, ...evidence]) { cuts.add(Math.max(0, Math.min(chars.length, s.start))); cuts.add(Math.max(0, Math.min(chars.length, s.end))); }
  const bounds = [...cuts].sort((a, b) => a - b);
  const article = document.getElementById("article");
  article.replaceChildren();
  let focusNode = null;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [a, b] = [bounds[i], bounds[i + 1]];
    const text = chars.slice(a, b).join("");
    const mention = kept.find((s) => s.start <= a && b <= s.end);
    const events = evidence.filter((s) => s.start <= a && b <= s.end);
    if (!mention && !events.length) { article.append(document.createTextNode(text)); continue; }
    const node = el(mention ? "mark" : "span", { class: `${mention ? `hl hl-${mention.layer}` : ""}${events.length ? " ev" : ""}`.trim() });
    node.textContent = text;
    if (mention) node.dataset.layer = mention.layer;
    node.addEventListener("click", (e) => { e.stopPropagation(); showWhy(node, mention, events); });
    if (focus && !focusNode && a >= focus.start && a < focus.end) focusNode = node;
    article.append(node);
  }
  if (focusNode) focusNode.scrollIntoView({ block: "center" });
  const list = document.getElementById("article-events");
  list.replaceChildren();
  for (const event of doc.events) {
    list.append(el("li", { class: event.rejected ? "rejected" : "" }, `${typeLabel(event.event_type)} · ${event.date || "?"} · ${event.place_name || "?"} · ${t("fatalities")}: ${event.fatalities_best ?? "?"} `,
      el("button", { type: "button", class: "review-button", text: t("correct"), onclick: () => openReview(event) })));
  }
}

function showWhy(anchor, mention, events) {
  const pop = document.getElementById("why");
  const list = el("dl");
  if (mention) {
    const m = mention.mention;
    const value = m.place_id || m.actor_id || m.name_en || m.value || (m.low != null ? (m.low === m.high ? m.low : `${m.low}–${m.high}`) : "");
    list.append(el("dt", { text: t("layer") }), el("dd", { text: t(mention.layer) }),
      el("dt", { text: t("norm") }), el("dd", { text: `${value}${m.name_en && m.name_en !== value ? ` (${m.name_en})` : ""}` }),
      el("dt", { text: t("why") }), el("dd", { class: "why-reason", text: m.reason || "-" }));
  }
  for (const ev of events) {
    list.append(el("dt", { text: t("event") }), el("dd", { text: `${typeLabel(ev.event.event_type)} — ${ev.event.event.reason || ""}` }));
  }
  pop.replaceChildren(list);
  const box = anchor.getBoundingClientRect();
  pop.style.top = `${window.scrollY + box.bottom + 4}px`;
  pop.style.left = `${Math.max(4, window.scrollX + box.left - 40)}px`;
  pop.hidden = false;
}

function renderDocList() {
  const list = document.getElementById("doc-list");
  list.replaceChildren();
  for (const doc of state.docs) list.append(el("li", { "data-doc": doc.doc_key, text: doc.title || doc.id, onclick: () => openDoc(doc.doc_key) }));
}

// ---- review ---------------------------------------------------------------------------------------------
function openReview(event) {
  state.reviewKey = event.event_key;
  document.getElementById("review-event").textContent = `${event.event_key} · ${typeLabel(event.event_type)} · ${event.date || "?"}`;
  document.getElementById("review-status").textContent = "";
  const select = document.getElementById("review-field");
  select.replaceChildren(...state.fields.map((f) => el("option", { value: f, text: f })));
  document.getElementById("review-dialog").showModal();
}

async function sendReview(kind) {
  const token = document.getElementById("token").value;
  const status = document.getElementById("review-status");
  if (!token) { status.textContent = t("no_token"); return false; }
  const key = encodeURIComponent(state.reviewKey);
  const who = document.getElementById("review-who").value || "analyst";
  const headers = { "Content-Type": "application/json", Authorization: `Bearer ${token}` };
  try {
    if (kind === "reject") {
      await api(`/api/events/${key}/reject`, { method: "POST", headers, body: JSON.stringify({ who }) });
    } else {
      const field = document.getElementById("review-field").value;
      const raw = document.getElementById("review-value").value;
      const numeric = /^(fatalities_|lat$|lon$)/.test(field);
      const value = raw === "" ? null : numeric ? Number(raw) : raw;
      await api(`/api/events/${key}`, { method: "PATCH", headers, body: JSON.stringify({ field, value, who }) });
    }
    status.textContent = t("saved");
    await loadEvents();
    if (state.currentDoc) await openDocQuiet(state.currentDoc.document.doc_key);
    return true;
  } catch (error) {
    status.textContent = `${t("failed")}: ${error.message}`;
    return false;
  }
}

async function openDocQuiet(docKey) {
  state.currentDoc = await api(`/api/documents/${encodeURIComponent(docKey)}`);
  renderArticle(state.currentDoc);
}

// ---- loading --------------------------------------------------------------------------------------------
function fromMerged(merged) {
  const sources = (merged.data && merged.data.sources) || [];
  const first = sources[0] || {};
  return { ...merged, event_key: merged.merged_id, sources, doc_key: first.doc_key, evidence: (first.evidence || [])[0],
    actor1: merged.data && merged.data.actor1, actor2: merged.data && merged.data.actor2 };
}

async function loadEvents() {
  if (document.getElementById("merged-toggle").checked) {
    state.events = (await api("/api/merged-events?limit=5000")).items.map(fromMerged);
  } else {
    state.events = (await api("/api/events?limit=5000&include_rejected=true")).items;
  }
  const placed = state.events.filter((e) => e.lat != null && e.lon != null);
  if (placed.length && !state.fitted) {
    state.map.fitBounds(L.latLngBounds(placed.map((e) => [e.lat, e.lon])).pad(0.3), { maxZoom: 9 });
    state.fitted = true;
  }
  renderEventLayer();
  renderTimeline();
  document.body.dataset.eventsLoaded = String(state.events.length);
}

async function init() {
  document.getElementById("token").value = sessionStorage.getItem("rasid-token") || "";
  document.getElementById("token").addEventListener("change", (e) => sessionStorage.setItem("rasid-token", e.target.value));
  document.getElementById("lang-toggle").addEventListener("click", () => {
    state.lang = state.lang === "ar" ? "en" : "ar";
    localStorage.setItem("rasid-lang", state.lang);
    applyLanguage();
  });
  for (const button of document.querySelectorAll("#tabs button")) button.addEventListener("click", () => showTab(button.dataset.tab));
  document.getElementById("clear-brush").addEventListener("click", () => { state.brush = null; renderTimeline(); renderEventLayer(); });
  document.addEventListener("click", (e) => { if (!e.target.closest("#why")) document.getElementById("why").hidden = true; });
  document.getElementById("review-save").addEventListener("click", (e) => { e.preventDefault(); sendReview("save"); });
  document.getElementById("review-reject").addEventListener("click", (e) => { e.preventDefault(); sendReview("reject"); });
  document.getElementById("control-slider").addEventListener("input", renderControl);
  document.getElementById("merged-toggle").addEventListener("change", () => { state.brush = null; loadEvents(); });
  state.fields = ["fatalities_best", "fatalities_low", "fatalities_high", "event_type", "sub_event_type", "date",
    "place_name", "actor1", "actor2", "attributed_to", "lat", "lon"];
  const [outlines, places, control, claims, docs] = await Promise.all([
    fetch("/static/data/region.geojson").then((r) => r.json()).catch(() => null),
    api("/api/places"), api("/api/control"), api("/api/claims"), api("/api/documents?limit=1000")]);
  state.map = baseMap("map", outlines, places.items);
  state.eventLayer = L.layerGroup().addTo(state.map);
  state.controlMap = baseMap("control-map", outlines, []);
  state.controlLayer = L.layerGroup().addTo(state.controlMap);
  state.control = control.items;
  const held = control.items.filter((p) => p.lat != null && p.lon != null);
  // The control map is hidden until its tab opens: fit it then, when it has a size.
  if (held.length) state.controlBounds = L.latLngBounds(held.map((p) => [p.lat, p.lon])).pad(0.3);
  state.controlDates = [...new Set(control.items.flatMap((p) => p.timeline.map((o) => (o.date || "").slice(0, 10)).filter(Boolean)))].sort();
  const slider = document.getElementById("control-slider");
  slider.max = String(Math.max(0, state.controlDates.length - 1));
  slider.value = "0";
  state.claims = claims.items;
  state.docs = docs.items;
  renderDocList();
  applyLanguage();
  await loadEvents();
  document.body.dataset.ready = "1";
}

init().catch((error) => { document.body.dataset.ready = "error"; console.error(error); });
