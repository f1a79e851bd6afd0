/* GrowthDoc chat widget: <script src="https://HOST/widget.js" data-key="PUBLIC_KEY"></script>
 * No framework. Safety rule: text from the user or the model only ever reaches the page through
 * textContent / createTextNode; the funnel chart (our own SVG) is shown as an <img> data: URL,
 * which cannot run script. Strings and CSS are filled in by the server (GET /widget.js). */
(function () {
  "use strict";
  var STRINGS = /*__GROWTHDOC_STRINGS__*/ {};
  var CSS = /*__GROWTHDOC_CSS__*/ "";
  var script = document.currentScript;
  if (!script || window.__growthdocWidget) return;
  window.__growthdocWidget = true;

  var BASE = new URL(script.src, location.href).origin;
  var KEY = script.getAttribute("data-key") || "";
  var STORE = "growthdoc:" + (KEY || "default") + ":";
  var lang = load("lang") || script.getAttribute("data-lang") || "vi";
  if (!STRINGS[lang]) lang = "vi";
  var ui = {};
  var sessionId = load("session");
  var busy = false;

  function S(name, params) {
    var value = STRINGS[lang][name];
    if (typeof value !== "string") return value;
    return value.replace(/\{(\w+)\}/g, function (_, k) { return params && k in params ? String(params[k]) : ""; });
  }
  function load(name) { try { return localStorage.getItem(STORE + name); } catch (e) { return null; } }
  function save(name, value) {
    try { value == null ? localStorage.removeItem(STORE + name) : localStorage.setItem(STORE + name, value); } catch (e) { /* private mode */ }
  }

  /* ---------- DOM helpers (never innerHTML) ---------- */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (name === "class") node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }
  var SVG_NS = "http://www.w3.org/2000/svg";
  function icon(paths) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("fill", "none");
    svg.setAttribute("stroke", "currentColor");
    svg.setAttribute("stroke-width", "2");
    svg.setAttribute("stroke-linecap", "round");
    svg.setAttribute("stroke-linejoin", "round");
    paths.forEach(function (d) {
      var p = document.createElementNS(SVG_NS, "path");
      p.setAttribute("d", d);
      svg.appendChild(p);
    });
    return svg;
  }

  /* ---------- safe Markdown: a small whitelist, built node by node ---------- */
  var INLINE = /(`[^`\n]+`)|(\*\*[^*\n]+\*\*)|(\*[^*\s][^*\n]*\*)|(\[[^\]\n]+\]\([^)\s]+\))/g;
  function inline(text, parent) {
    var re = new RegExp(INLINE.source, "g"), last = 0, m;  // own regex: inline() recurses
    while ((m = re.exec(text))) {
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      var tok = m[0];
      if (m[1]) parent.appendChild(el("code", { text: tok.slice(1, -1) }));
      else if (m[2]) inline(tok.slice(2, -2), parent.appendChild(el("strong")));
      else if (m[3]) inline(tok.slice(1, -1), parent.appendChild(el("em")));
      else parent.appendChild(link(tok));
      last = re.lastIndex;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
    return parent;
  }
  function link(tok) {
    var label = tok.slice(1, tok.indexOf("]("));
    var href = tok.slice(tok.indexOf("](") + 2, -1);
    if (!/^https?:\/\//i.test(href)) return document.createTextNode(label);
    return el("a", { href: href, target: "_blank", rel: "noopener noreferrer nofollow", text: label });
  }
  var LIST_ITEM = /^\s*([-*+]|\d+[.)])\s+(.*)$/;
  var TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;
  function cells(line) { return line.trim().replace(/^\||\|$/g, "").split("|").map(function (c) { return c.trim(); }); }
  function isBlockStart(line, next) {
    return /^(#{1,6}\s|```|>)/.test(line) || LIST_ITEM.test(line) || (/^\s*\|/.test(line) && TABLE_RULE.test(next || ""));
  }
  function markdown(src, parent) {
    var lines = String(src || "").replace(/\r\n?/g, "\n").split("\n");
    var i = 0;
    while (i < lines.length) {
      var line = lines[i], m;
      if (!line.trim()) { i++; continue; }
      if (/^```/.test(line)) {
        var code = [];
        for (i++; i < lines.length && !/^```/.test(lines[i]); i++) code.push(lines[i]);
        parent.appendChild(el("pre", {}, [el("code", { text: code.join("\n") })]));
        i++;
      } else if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) {
        parent.appendChild(inline(m[2], el("h" + Math.min(6, m[1].length + 2))));
        i++;
      } else if (/^\s*\|/.test(line) && TABLE_RULE.test(lines[i + 1] || "")) {
        var table = el("table"), head = el("tr");
        cells(line).forEach(function (c) { head.appendChild(inline(c, el("th", { scope: "col" }))); });
        table.appendChild(el("thead", {}, [head]));
        var body = table.appendChild(el("tbody"));
        for (i += 2; i < lines.length && /^\s*\|/.test(lines[i]); i++) {
          var row = body.appendChild(el("tr"));
          cells(lines[i]).forEach(function (c) { row.appendChild(inline(c, el("td"))); });
        }
        parent.appendChild(el("div", { style: "overflow-x:auto" }, [table]));
      } else if (LIST_ITEM.test(line)) {
        var ordered = /^\s*\d/.test(line), list = el(ordered ? "ol" : "ul");
        for (; i < lines.length && (m = LIST_ITEM.exec(lines[i])); i++) list.appendChild(inline(m[2], el("li")));
        parent.appendChild(list);
      } else if (/^>/.test(line)) {
        var quote = [];
        for (; i < lines.length && /^>/.test(lines[i]); i++) quote.push(lines[i].replace(/^>\s?/, ""));
        parent.appendChild(inline(quote.join(" "), el("blockquote")));
      } else {
        var para = el("p");
        for (var first = true; i < lines.length && lines[i].trim() && (first || !isBlockStart(lines[i], lines[i + 1])); i++, first = false) {
          if (!first) para.appendChild(el("br"));
          inline(lines[i], para);
        }
        parent.appendChild(para);
      }
    }
    return parent;
  }

  /* ---------- numbers and labels ---------- */
  function num(value, digits) {
    if (value === null || value === undefined || value === "") return "—";
    if (typeof value !== "number") return String(value);
    return value.toLocaleString(lang === "vi" ? "vi-VN" : "en-US", { maximumFractionDigits: digits === undefined ? 2 : digits });
  }
  function pct(value) { return value === null || value === undefined ? "—" : num(value * 100, 2) + "%"; }
  function stageName(id) {
    var words = S("stage_words") || {};
    if (words[id]) return words[id];
    var parts = String(id).split("_to_");
    return parts.length === 2 ? (words[parts[0]] || parts[0]) + " → " + (words[parts[1]] || parts[1]) : String(id);
  }
  function pillarName(id) { return (S("pillars") || {})[id] || id; }

  /* ---------- artefact cards ---------- */
  function card(type, buildBody, open) {
    var title = (S("cards") || {})[type] || type;
    var details = el("details", { class: "gd-card" }, [el("summary", { text: title })]);
    if (open) details.open = true;
    details.appendChild(buildBody(el("div", { class: "gd-card-body" })));
    return details;
  }
  function table(headers, rows) {
    var head = el("tr");
    headers.forEach(function (h) { head.appendChild(el("th", { scope: "col", text: h })); });
    var body = el("tbody");
    rows.forEach(function (r) {
      var tr = body.appendChild(el("tr"));
      r.forEach(function (c, idx) { tr.appendChild(el("td", { class: idx > 0 ? "gd-num" : "", text: c })); });
    });
    return el("table", {}, [el("thead", {}, [head]), body]);
  }
  function textList(items, ordered) {
    var list = el(ordered ? "ol" : "ul");
    items.forEach(function (item) { list.appendChild(inline(String(item), el("li"))); });
    return list;
  }
  function section(body, title, node) {
    body.appendChild(el("h4", { text: title }));
    body.appendChild(node);
  }
  /* ---------- figures in use: one chip per figure, edited in place ---------- */
  function figureLabel(field) { return (S("figure_labels") || {})[field] || field; }
  function figureValue(f) {
    var v = f.value;
    if (typeof v !== "number") return String(v);
    if (f.unit === "percent") return pct(v);
    if (f.unit !== "money") return num(v, 0);
    if (Math.abs(v) >= 1e9) return num(v / 1e9, 1) + " " + S("billion");
    if (Math.abs(v) >= 1e6) return num(v / 1e6, 1) + " " + S("million");
    return num(v, 0) + " " + S("money_unit");
  }
  function figureNote(f) {
    var parts = [(S("figure_kinds") || {})[f.kind] || f.kind];
    if (f.estimated) parts.push(S("figure_estimated"));
    if (f.original) parts.push(S("figure_converted"));
    parts.push(f.source === "file" && f.files && f.files.length ? S("figure_from_file", { file: f.files[0].file }) : S("figure_typed"));
    if (f.conflict) parts.push(S("figure_conflict", { value: figureValue({ value: f.conflict.file_value, unit: f.unit }) }));
    return parts.join(" · ");
  }
  function fixMessage(f, typed) {
    var value = typed.trim();
    if (f.unit === "money" && /^[\d.,\s]+$/.test(value)) value += " " + S("money_unit");  // bare digits: say it is money
    return S("fix_message", { label: figureLabel(f.field), value: value });
  }
  function figureChip(f) {
    var label = figureLabel(f.field);
    var chip = el("button", { type: "button", class: "gd-chip" + (f.conflict ? " gd-chip-conflict" : ""),
      title: figureNote(f), "aria-label": S("figure_edit", { label: label, value: figureValue(f) }), "data-field": f.field },
      [el("span", { class: "gd-chip-label", text: label + ": " }), el("strong", { text: figureValue(f) }), el("span", { "aria-hidden": "true", text: " ✎" })]);
    var holder = el("span", { class: "gd-chip-wrap" }, [chip]);
    chip.addEventListener("click", function () { editFigure(holder, chip, f); });
    return holder;
  }
  function editFigure(holder, chip, f) {
    var label = figureLabel(f.field);
    var input = el("input", { type: "text", class: "gd-chip-input", "aria-label": S("figure_new_value", { label: label }),
      placeholder: f.unit === "money" ? S("money_hint") : "", inputmode: f.unit === "money" ? "text" : "decimal" });
    var save = el("button", { type: "submit", class: "gd-chip-save", text: S("figure_save") });
    var cancel = el("button", { type: "button", class: "gd-chip-cancel", text: S("figure_cancel") });
    var form = el("form", { class: "gd-chip-form" }, [el("span", { class: "gd-chip-label", text: label + ": " }), input, save, cancel]);
    function close() { holder.replaceChild(chip, form); chip.focus(); }
    cancel.addEventListener("click", close);
    form.addEventListener("keydown", function (e) { if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); close(); } });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!input.value.trim() || busy) return;
      var message = fixMessage(f, input.value);
      close();
      send(message);  // the normal message route: the reader reads the correction, the reply re-diagnoses
    });
    holder.replaceChild(form, chip);
    input.focus();
  }
  function figuresSection(body, figures) {
    var row = el("div", { class: "gd-chips", role: "group", "aria-label": S("figures") });
    figures.forEach(function (f) { row.appendChild(figureChip(f)); });
    section(body, S("figures"), row);
    body.appendChild(el("p", { class: "gd-chip-hint", text: S("figure_hint") }));
  }

  function diagnosisBody(d) {
    return function (body) {
      if ((d.figures || []).length) figuresSection(body, d.figures);
      if (d.bottleneck) {
        var b = d.bottleneck, line = el("p");
        line.appendChild(el("strong", { text: S("bottleneck") + ": " + stageName(b.stage) }));
        if (b.actual !== null && b.actual !== undefined)
          line.appendChild(document.createTextNode(" — " + S("actual") + " " + pct(b.actual) + ", " + S("benchmark") + " " + pct(b.benchmark)));
        body.appendChild(line);
      }
      if ((d.pillar_priority || []).length) section(body, S("priority"), textList(d.pillar_priority.map(pillarName), true));
      if ((d.stages || []).length) {
        var t = table([S("stage"), S("actual"), S("benchmark"), S("status_label")], d.stages.map(function (s) {
          return [stageName(s.stage), pct(s.actual), pct(s.benchmark), (S("status") || {})[s.status] || s.status];
        }));
        Array.prototype.forEach.call(t.querySelectorAll("tbody tr"), function (tr, idx) {
          var cell = tr.lastChild, label = cell.textContent;
          cell.textContent = "";
          cell.appendChild(el("span", { class: "gd-badge " + d.stages[idx].status, text: label }));
        });
        body.appendChild(t);
      }
      if ((d.reasons || []).length) section(body, S("reasons"), textList(d.reasons));
      if ((d.actions || []).length) section(body, S("actions"), textList(d.actions.map(function (a) { return a.text; })));
      if ((d.kpis_to_track || []).length) section(body, S("kpis_to_track"), textList(d.kpis_to_track.map(function (k) { return k.name; })));
      if ((d.missing_data || []).length) section(body, S("missing_data"), textList(d.missing_data.map(function (m) { return m.question || m.field; })));
      return body;
    };
  }
  function kpiValue(name, v) {
    var unit = ((S("kpi") || {})[name] || {}).unit;
    if (typeof v !== "number") return String(v);
    if (unit === "ratio") return pct(v);
    if (unit === "times") return num(v, 2) + "×";
    return num(v, unit === "money" || unit === "count" ? 0 : 2);
  }
  function kpiRows(kpis) {  // unknown values are left out: unknown is not zero
    return Object.keys(kpis || {}).filter(function (name) {
      var v = kpis[name];
      return v !== null && v !== undefined && typeof v !== "object";
    }).map(function (name) {
      return [((S("kpi") || {})[name] || {}).label || name, kpiValue(name, kpis[name])];
    });
  }
  function kpisBody(data) {
    return function (body) {
      var kpis = data.kpis || data;
      var meta = [];
      if (data.detected_format) meta.push(S("format") + ": " + data.detected_format);
      if (data.rows !== undefined) meta.push(S("rows") + ": " + num(data.rows));
      if (meta.length) body.appendChild(el("p", { text: meta.join(" · ") }));
      body.appendChild(table([S("metric"), S("value")], kpiRows(kpis)));
      if ((data.warnings || []).length) section(body, S("warnings"), textList(data.warnings));
      return body;
    };
  }
  function chartBody(data) {
    return function (body) {
      var svg = typeof data === "string" ? data : (data && (data.svg || data.markdown)) || "";
      if (/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/i.test(svg)) {
        body.appendChild(el("img", { src: "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg), alt: S("chart_alt") }));
      }
      return body;
    };
  }
  function draftBody(type, data) {
    return function (body) {
      var md = typeof data === "string" ? data : data && data.markdown;
      if (md) {
        markdown(md, body);
        var button = el("button", { type: "button", class: "gd-download", text: S("download") });
        button.addEventListener("click", function () { download(type + ".md", md); });
        body.appendChild(button);
      } else {
        body.appendChild(table([S("metric"), S("value")], kpiRows(data && data.data ? data.data : data)));
      }
      return body;
    };
  }
  function smartBody(data) {
    return function (body) {
      var criteria = data.criteria || {}, row = el("p");
      Object.keys(criteria).forEach(function (letter) {
        row.appendChild(el("span", { class: "gd-badge " + (criteria[letter] ? "ok" : "critical"), text: (criteria[letter] ? "✓ " : "✗ ") + letter }));
        row.appendChild(document.createTextNode(" "));
      });
      body.appendChild(row);
      if ((data.feedback || []).length) body.appendChild(textList(data.feedback));
      if (data.rewritten) section(body, S("smart_rewritten"), inline(data.rewritten, el("p")));
      return body;
    };
  }
  function reportBody(data) {
    return function (body) {
      var isHtml = data.format === "html";
      if (isHtml) body.appendChild(el("p", { text: S("report_ready") }));
      else markdown(data.content, body);
      var button = el("button", { type: "button", class: "gd-download", text: isHtml ? S("download_html") : S("download") });
      button.addEventListener("click", function () {
        download(isHtml ? "growthdoc-report.html" : "growthdoc-report.md", data.content, isHtml ? "text/html" : "text/markdown");
      });
      body.appendChild(button);
      if (sessionId) ["docx", "pdf"].forEach(function (fmt) { body.appendChild(reportFileButton(fmt)); });
      return body;
    };
  }
  /* The report as an editable .docx or a .pdf, made by the server from this conversation. */
  function reportFileButton(fmt) {
    var button = el("button", { type: "button", class: "gd-download", text: S("download_" + fmt) });
    button.addEventListener("click", function () {
      button.disabled = true;
      fetch(BASE + "/api/sessions/" + encodeURIComponent(sessionId) + "/report?format=" + fmt, { headers: headers() })
        .then(function (res) {
          if (!res.ok) return errorDetail(res).then(function (detail) { throw new Error(detail); });
          return res.blob();
        })
        .then(function (blob) { download("growthdoc-report." + fmt, blob, blob.type); },
              function (err) { addMessage("error", err && err.message ? err.message : S("error_generic")); })
        .then(function () { button.disabled = false; });
    });
    return button;
  }
  function download(name, content, type) {
    var blob = content instanceof Blob ? content : new Blob([content], { type: (type || "text/markdown") + ";charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var a = el("a", { href: url, download: name });
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }
  function artifactCard(artifact) {
    var type = artifact.type, data = artifact.data;
    // the reply says the essentials in one screen; the diagnosis and its chart are one tap away
    if (type === "diagnosis") return card(type, diagnosisBody(data || {}), false);
    if (type === "kpis") return card(type, kpisBody(data || {}), true);
    if (type === "figures" && data && (data.figures || []).length)
      return card(type, function (body) { figuresSection(body, data.figures); return body; }, true);
    if (type === "chart") return card(type, chartBody(data), false);
    if (type === "smart" && data && data.criteria) return card(type, smartBody(data), true);
    if (type === "report" && data && typeof data.content === "string") return card(type, reportBody(data), true);
    return card(type, draftBody(type, data), false);
  }

  /* ---------- messages ---------- */
  function scrollDown() { ui.log.scrollTop = ui.log.scrollHeight; }
  function addMessage(role, textValue) {
    var who = role === "user" ? S("you") : S("assistant");
    var body = el("div", { class: "gd-body" });
    var msg = el("div", { class: "gd-msg " + (role === "user" ? "gd-user" : role === "error" ? "gd-error" : "gd-bot") },
      [el("span", { class: "sr-only", text: who + ": " }), body]);
    if (role === "error") msg.setAttribute("role", "alert");
    if (role === "user") body.textContent = textValue;
    else if (textValue) markdown(textValue, body);
    ui.log.appendChild(msg);
    scrollDown();
    return msg;
  }
  function finishBotMessage(msg, reply) {
    var body = msg.querySelector(".gd-body");
    msg.classList.remove("gd-streaming");
    body.textContent = "";
    markdown(reply.reply !== undefined ? reply.reply : reply.text, body);
    if (reply.notice) msg.appendChild(el("p", { class: "gd-notice", text: reply.notice }));
    var cites = reply.citations || [];
    if (cites.length) {
      var list = el("ol");
      cites.forEach(function (c) { list.appendChild(citationItem(c)); });
      msg.appendChild(el("div", { class: "gd-cites" }, [el("span", { text: S("sources") + ":" }), list]));
    }
    var diagnosisCard = null;
    (reply.artifacts || []).forEach(function (a) {
      if (a.type === "chart" && diagnosisCard) {  // the funnel chart goes inside the diagnosis card: one tap, not two
        section(diagnosisCard.querySelector(".gd-card-body"), (S("cards") || {}).chart, chartBody(a.data)(el("div")));
        return;
      }
      var node = msg.appendChild(artifactCard(a));
      if (a.type === "diagnosis") diagnosisCard = node;
    });
    scrollDown();
  }
  /* A citation opens the cited passage in place (fetched once, shown as text). */
  function citationItem(c) {
    var label = typeof c === "string" ? c : c.label || (c.heading ? c.title + " › " + c.heading : c.title);
    var item = el("li");
    if (typeof c === "string" || !c.doc_id) { item.textContent = label; return item; }
    // the button names the document (short on a phone); the heading opens with the passage
    var button = el("button", { type: "button", class: "gd-cite", "aria-expanded": "false", title: label,
                                text: c.title || label });
    var passage = el("blockquote", { class: "gd-passage", hidden: "hidden" });
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      if (!open) { passage.hidden = true; return; }
      passage.hidden = false;
      if (passage.getAttribute("data-loaded")) return;
      passage.textContent = S("passage_loading");
      var query = "?doc_id=" + encodeURIComponent(c.doc_id) + "&heading=" + encodeURIComponent(c.heading || "");
      fetch(BASE + "/api/knowledge/passage" + query, { headers: headers() })
        .then(function (res) { return res.ok ? res.json() : errorDetail(res).then(function (d) { throw new Error(d); }); })
        .then(function (body) {
          passage.textContent = "";
          if (c.heading) passage.appendChild(el("strong", { text: c.heading }));
          markdown(body.text || "", passage);
          passage.setAttribute("data-loaded", "1");
        }, function (err) { passage.textContent = err.message || S("error_generic"); });
    });
    item.appendChild(button);
    item.appendChild(passage);
    return item;
  }
  function showError(detail) { addMessage("error", detail || S("error_generic")); }
  function setStatus(textValue, progress) {
    ui.status.textContent = textValue || "";
    if (progress !== undefined) ui.status.appendChild(el("progress", { max: "100", value: String(progress), "aria-hidden": "true" }));
  }
  function setBusy(value) {
    busy = value;
    ui.send.disabled = value;
    ui.attach.disabled = value;
    ui.log.setAttribute("aria-busy", value ? "true" : "false");
  }

  /* ---------- HTTP ---------- */
  function headers(extra) {
    var h = { "X-GrowthDoc-Lang": lang };
    if (KEY) h["X-GrowthDoc-Key"] = KEY;
    Object.keys(extra || {}).forEach(function (k) { h[k] = extra[k]; });
    return h;
  }
  function errorDetail(res) {
    return res.json().then(function (body) { return body && typeof body.detail === "string" ? body.detail : S("error_generic"); },
      function () { return S("error_generic"); });
  }
  function ensureSession() {
    if (sessionId) return Promise.resolve(sessionId);
    return fetch(BASE + "/api/sessions", { method: "POST", headers: headers({ "Content-Type": "application/json" }), body: "{}" })
      .then(function (res) {
        if (!res.ok) return errorDetail(res).then(function (d) { throw new Error(d); });
        return res.json();
      })
      .then(function (body) { sessionId = body.session_id; save("session", sessionId); return sessionId; });
  }
  function parseDelta(data) {
    try {
      var value = JSON.parse(data);
      if (typeof value === "string") return value;
      if (value && typeof value === "object") return value.text || value.delta || "";
    } catch (e) { /* plain text */ }
    return data;
  }
  function readEvents(res, onEvent) {
    var reader = res.body.getReader(), decoder = new TextDecoder(), buffer = "";
    function handle(block) {
      var event = "message", data = [];
      block.split("\n").forEach(function (line) {
        if (line.indexOf("event:") === 0) event = line.slice(6).trim();
        else if (line.indexOf("data:") === 0) data.push(line.slice(5).replace(/^ /, ""));
      });
      if (data.length) onEvent(event, data.join("\n"));
    }
    function pump() {
      return reader.read().then(function (chunk) {
        buffer += decoder.decode(chunk.value || new Uint8Array(), { stream: !chunk.done });
        buffer = buffer.replace(/\r\n?/g, "\n");
        var parts = buffer.split("\n\n");
        buffer = parts.pop();
        parts.forEach(handle);
        if (chunk.done) { if (buffer.trim()) handle(buffer); return; }
        return pump();
      });
    }
    return pump();
  }
  function postMessage(textValue, retried) {
    return ensureSession().then(function (sid) {
      return fetch(BASE + "/api/sessions/" + encodeURIComponent(sid) + "/messages", {
        method: "POST", headers: headers({ "Content-Type": "application/json", Accept: "text/event-stream" }),
        body: JSON.stringify({ text: textValue })
      });
    }).then(function (res) {
      if (res.status === 404 && !retried) { sessionId = null; save("session", null); return postMessage(textValue, true); }
      return res;
    });
  }
  function send(textValue) {
    if (busy || !textValue.trim()) return;
    addMessage("user", textValue);
    setBusy(true);
    setStatus(S("thinking"));
    var msg = addMessage("bot", ""), body = msg.querySelector(".gd-body"), streamed = "", final = null;
    msg.classList.add("gd-streaming");
    postMessage(textValue).then(function (res) {
      if (!res.ok) return errorDetail(res).then(function (d) { throw new Error(d); });
      if ((res.headers.get("Content-Type") || "").indexOf("text/event-stream") < 0) return res.json().then(function (j) { final = j; });
      return readEvents(res, function (event, data) {
        if (event === "delta") { streamed += parseDelta(data); body.textContent = streamed; scrollDown(); }
        else if (event === "done") final = JSON.parse(data);
        else if (event === "error") throw new Error(parseDelta(data));
      });
    }).then(function () {
      if (!final) throw new Error(S("error_generic"));
      finishBotMessage(msg, final);
    }).catch(function (err) {
      msg.remove();
      showError(err instanceof TypeError ? S("error_network") : err.message);
    }).then(function () { setBusy(false); setStatus(""); ui.input.focus(); });
  }
  function upload(file) {
    if (busy || !file) return;
    setBusy(true);
    addMessage("user", "📎 " + file.name);
    ensureSession().then(function (sid) {
      return new Promise(function (resolve, reject) {
        var xhr = new XMLHttpRequest(), form = new FormData();
        form.append("file", file, file.name);
        xhr.open("POST", BASE + "/api/sessions/" + encodeURIComponent(sid) + "/uploads");
        var h = headers();
        Object.keys(h).forEach(function (k) { xhr.setRequestHeader(k, h[k]); });
        xhr.upload.onprogress = function (e) {
          if (!e.lengthComputable) return;
          var p = Math.round((100 * e.loaded) / e.total);
          setStatus(p < 100 ? S("uploading", { name: file.name, pct: p }) : S("reading", { name: file.name }), p);
        };
        xhr.onerror = function () { reject(new TypeError("network")); };
        xhr.onload = function () {
          var body = null;
          try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
          if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body);
          else reject(new Error(body && typeof body.detail === "string" ? body.detail : S("error_generic")));
        };
        setStatus(S("uploading", { name: file.name, pct: 0 }), 0);
        xhr.send(form);
      });
    }).then(function (result) {
      return storedReply(result).then(function (reply) { finishBotMessage(addMessage("bot", ""), reply); });
    }).catch(function (err) {
      showError(err instanceof TypeError ? S("error_network") : err.message);
    }).then(function () { setBusy(false); setStatus(""); ui.file.value = ""; ui.input.focus(); });
  }
  function storedReply(result) {
    /* The upload answer as stored (with its cards: KPIs, diagnosis, chart); else built from the upload JSON. */
    var text = typeof result.reply === "string" ? result.reply : (result.reply || {}).text;
    var built = { reply: text || "", artifacts: [{ type: "kpis", data: result }] };
    return fetch(BASE + "/api/sessions/" + encodeURIComponent(sessionId), { headers: headers() })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (history) {
        var mine = ((history && history.messages) || []).filter(function (m) { return m.role === "assistant"; }).pop();
        if (!mine || mine.text !== text) return built;
        return { reply: mine.text, citations: mine.citations, artifacts: mine.artifacts };
      }, function () { return built; });
  }
  function restore() {
    if (!sessionId) return;
    fetch(BASE + "/api/sessions/" + encodeURIComponent(sessionId), { headers: headers() }).then(function (res) {
      if (res.status === 404 || res.status === 401 || res.status === 403) { sessionId = null; save("session", null); return null; }
      return res.ok ? res.json() : null;
    }).then(function (history) {
      if (!history) return;
      (history.messages || []).forEach(function (m) {
        if (m.role === "user") addMessage("user", String(m.text).replace(/^\[upload\]\s*/, "📎 "));
        else finishBotMessage(addMessage("bot", ""), { reply: m.text, citations: m.citations, artifacts: m.artifacts });
      });
    }).catch(function () { /* offline: the widget still opens */ });
  }

  /* ---------- UI ---------- */
  function applyStrings() {
    ui.bubble.setAttribute("aria-label", S("open"));
    ui.panel.setAttribute("aria-label", S("title") + " — " + S("subtitle"));
    ui.panel.setAttribute("lang", lang);
    ui.title.textContent = S("title");
    ui.subtitle.textContent = S("subtitle");
    ui.langButton.textContent = S("switch_lang_short");
    ui.langButton.setAttribute("aria-label", S("switch_lang"));
    ui.newButton.textContent = S("new_chat_short");
    ui.newButton.setAttribute("aria-label", S("new_chat"));
    ui.close.setAttribute("aria-label", S("close"));
    ui.label.textContent = S("input_label");
    ui.input.setAttribute("placeholder", S("placeholder"));
    ui.send.textContent = S("send");
    ui.attach.setAttribute("aria-label", S("upload"));
    ui.attach.setAttribute("title", S("upload"));
    ui.welcome.textContent = "";
    markdown(S("welcome"), ui.welcome);
  }
  function setOpen(open, moveFocus) {
    ui.panel.hidden = !open;
    ui.bubble.setAttribute("aria-expanded", open ? "true" : "false");
    save("open", open ? "1" : null);
    if (open) scrollDown();
    if (moveFocus === false) return;
    if (open) ui.input.focus(); else ui.bubble.focus();
  }
  function build() {
    var host = el("div", { id: "growthdoc-widget" });
    var root = host.attachShadow({ mode: "open" });
    root.appendChild(el("style", { text: CSS }));
    ui.bubble = el("button", { type: "button", class: "gd-bubble", "aria-controls": "gd-panel", "aria-expanded": "false" },
      [icon(["M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z"])]);
    ui.title = el("h2", { id: "gd-title" });
    ui.subtitle = el("p");
    ui.langButton = el("button", { type: "button" });
    ui.newButton = el("button", { type: "button" });
    ui.close = el("button", { type: "button", text: "✕" });
    ui.welcome = el("div", { class: "gd-body" });
    ui.log = el("div", { class: "gd-log", role: "log", "aria-live": "polite", "aria-labelledby": "gd-title", tabindex: "0" },
      [el("div", { class: "gd-msg gd-bot" }, [ui.welcome])]);
    ui.status = el("div", { class: "gd-status", role: "status", "aria-live": "polite" });
    ui.label = el("label", { for: "gd-input", class: "sr-only" });
    ui.input = el("textarea", { id: "gd-input", rows: "2", maxlength: "4000" });
    ui.file = el("input", { type: "file", class: "sr-only", tabindex: "-1", "aria-hidden": "true", accept: ".csv,.tsv,.txt,.xlsx,.xls" });
    ui.attach = el("button", { type: "button", class: "gd-attach" }, [icon(["M21.44 11.05l-9.19 9.19a6 6 0 0 1-8.49-8.49l9.19-9.19a4 4 0 0 1 5.66 5.66l-9.2 9.19a2 2 0 0 1-2.83-2.83l8.49-8.48"])]);
    ui.send = el("button", { type: "submit", class: "gd-send" });
    ui.form = el("form", { class: "gd-form" }, [ui.label, ui.attach, ui.file, ui.input, ui.send]);
    ui.panel = el("section", { id: "gd-panel", class: "gd-panel", role: "dialog", hidden: "" }, [
      el("div", { class: "gd-head" }, [el("div", { class: "gd-titles" }, [ui.title, ui.subtitle]), ui.langButton, ui.newButton, ui.close]),
      ui.log, ui.status, ui.form]);
    root.appendChild(el("div", { class: "gd" }, [ui.panel, ui.bubble]));
    document.body.appendChild(host);
    wire();
  }
  function wire() {
    ui.bubble.addEventListener("click", function () { setOpen(ui.panel.hidden); });
    ui.close.addEventListener("click", function () { setOpen(false); });
    ui.panel.addEventListener("keydown", function (e) { if (e.key === "Escape") { e.preventDefault(); setOpen(false); } });
    ui.langButton.addEventListener("click", function () {
      lang = lang === "vi" ? "en" : "vi";
      save("lang", lang);
      applyStrings();
      ui.langButton.focus();
    });
    ui.newButton.addEventListener("click", function () {
      sessionId = null;
      save("session", null);
      while (ui.log.children.length > 1) ui.log.removeChild(ui.log.lastChild);
      ui.input.focus();
    });
    ui.form.addEventListener("submit", function (e) {
      e.preventDefault();
      var value = ui.input.value;
      if (busy || !value.trim()) return;
      ui.input.value = "";
      send(value);
    });
    ui.input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); ui.form.requestSubmit(); }
    });
    ui.attach.addEventListener("click", function () { ui.file.click(); });
    ui.file.addEventListener("change", function () { upload(ui.file.files[0]); });
  }
  function start() {
    build();
    applyStrings();
    restore();
    if (load("open") || script.hasAttribute("data-open")) setOpen(true, false);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
