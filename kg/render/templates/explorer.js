/* kg graph explorer: legend filters, search, neighbourhood highlight, side panel, role comparison.
 * Every string that comes from the posts is put on the page with textContent, never as HTML. */
(function () {
  "use strict";

  // maps keyed by ids and names from the posts have no prototype: "constructor" is just a name
  function dict() { return Object.create(null); }

  // ---------- the page's data: base64 of gzipped JSON, read with the browser's own DecompressionStream ----------

  function decode() {
    var text = document.getElementById("kg-data").textContent.replace(/\s+/g, "");
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }

  function expand(C) {
    // rows and indices (kg/render/html.py page_data) -> nodes, edges and evidence as objects
    var nodeIds = C.n.map(function (r) { return r[0]; });
    function ref(x) { return typeof x === "number" ? nodeIds[x] : String(x); }
    function said(flat) {
      var out = [];
      for (var i = 0; i + 2 < flat.length; i += 3) out.push({ post: ref(flat[i]), line: flat[i + 1], text: C.s[flat[i + 2]] });
      return out;
    }
    var info = dict(), nodes = [];
    C.n.forEach(function (r) {
      var type = C.kinds[r[1]], style = C.types[type];
      info[r[0]] = { type: type, label: r[2], aliases: r[4], attrs: Object.assign(dict(), r[10] || {}), href: r[11], community: r[9] };
      nodes.push({ id: r[0], label: r[3] === null ? r[2] : r[3], shape: style.shape,
        color: { background: style.color, border: style.color }, size: r[5], font: { size: r[6] }, x: r[7], y: r[8] });
    });
    var hiddenRel = new Set(C.hiddenRelations);
    var edges = C.e.map(function (r, i) {
      return { id: i, source: nodeIds[r[0]], target: nodeIds[r[1]], relation: C.rel[r[2]], weight: r[3],
        stages: r[4].map(ref), evidence: said(r[5]), evidenceMore: r[6], emphasis: r[7] || null, emphasisEvidence: said(r[8]) };
    });
    var visEdges = edges.map(function (e) {
      return { id: e.id, from: e.source, to: e.target, width: Math.round(100 * (1 + Math.log(e.weight || 1))) / 100,
        hidden: hiddenRel.has(e.relation) };
    });
    return Object.assign({}, C, { nodes: nodes, info: info, edges: edges, visEdges: visEdges });
  }

  decode().then(function (C) { start(expand(C)); }, function (err) {
    document.getElementById("status").textContent = "This page's data could not be read: " + err;
    throw err;
  });

  function start(DATA) {
  performance.mark("kg:data-parsed");
  var INFO = DATA.info;
  var EDGES = DATA.edges;
  var TYPES = DATA.types;
  var DIM = "#e6e9ee";
  var DIM_FONT = "#c5cad3";
  var COMPARE = { both: "#7048e8", a: "#1c7ed6", b: "#f08c00" };
  var EVIDENCE_SHOWN = 3;
  var EDGES_SHOWN = 40;

  var ids = DATA.nodes.map(function (n) { return n.id; });
  var baseFont = dict();
  DATA.nodes.forEach(function (n) { baseFont[n.id] = n.font.size; });
  var outEdges = dict();
  var inEdges = dict();
  ids.forEach(function (id) { outEdges[id] = []; inEdges[id] = []; });
  EDGES.forEach(function (e) {
    outEdges[e.source].push(e);
    inEdges[e.target].push(e);
  });

  var state = {
    types: dict(),
    outside: false,
    relations: dict(),
    minDegree: 1,
    selected: null,
    compare: { a: "", b: "" },
    pinned: new Set(),
    strongest: 0,  // > 0: a skill or tool shows only among the top N of a shown role (the overview)
    focus: null,  // {id, depth, nodes}
    trail: [],  // the breadcrumb: nodes focused on, in order
  };
  Object.keys(TYPES).forEach(function (t) { state.types[t] = true; });
  DATA.hiddenRelations.forEach(function (r) { state.relations[r] = false; });

  // ---------- small DOM helpers: text only ----------

  function el(tag, props, children) {
    var node = document.createElement(tag);
    props = props || {};
    if (props.text !== undefined && props.text !== null) node.textContent = String(props.text);
    if (props.cls) node.className = props.cls;
    if (props.href) {
      var href = safeHref(props.href);
      if (href) {
        node.setAttribute("href", href);
        node.setAttribute("rel", "noopener noreferrer nofollow");
        node.setAttribute("target", "_blank");
      }
    }
    if (props.title) node.title = String(props.title);
    if (props.data) Object.keys(props.data).forEach(function (k) { node.dataset[k] = String(props.data[k]); });
    if (props.type) node.type = props.type;
    if (props.onclick) node.addEventListener("click", props.onclick);
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function safeHref(url) {
    if (typeof url !== "string" || /[\u0000-\u001f\s]/.test(url)) return null;
    if (/^https?:\/\/[^\/\s]/i.test(url)) return url;
    if (/^\/(?![\/\\])/.test(url)) return url;
    return null;
  }

  function swatch(type) {
    var style = TYPES[type] || { color: "#999", shape: "dot" };
    var s = el("span", { cls: "swatch shape-" + style.shape });
    s.style.backgroundColor = style.color;
    return s;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function label(id) { return INFO[id] ? INFO[id].label : id; }

  // ---------- what is shown ----------

  function relationOn(rel) { return state.relations[rel] !== false; }

  function isOutside(id) { return INFO[id].type === "post" && !INFO[id].attrs.in_corpus; }

  function passes(id) {
    return state.types[INFO[id].type] && (state.outside || !isOutside(id));
  }

  function keyOf(text) { return String(text).toLowerCase().replace(/[^0-9a-z]/g, ""); }

  function stagesNamed(roleIds, name) {
    // the stages of the roles' edges called `name` (a stage id, its order "2" or its label), as kg compare --stage
    var known = new Set();
    roleIds.forEach(function (r) {
      outEdges[r].forEach(function (e) {
        e.stages.forEach(function (st) { known.add(st); });
        if (e.relation === "active_in") known.add(e.target);
      });
    });
    var wanted = keyOf(name).replace(/^stage/, "");
    var found = new Set();
    known.forEach(function (st) {
      var n = INFO[st] || { label: st, attrs: {} };
      if (st === name || [String(n.attrs.order), keyOf(n.label), keyOf(st)].indexOf(wanted) >= 0) found.add(st);
    });
    return found;
  }

  function compareSets() {
    // kg compare's buckets for two roles: both (and both, one more), only A, only B, said not to
    var a = state.compare.a, b = state.compare.b;
    if (!a || !b) return null;
    var inStage = state.compare.stage ? stagesNamed([a, b], state.compare.stage) : null;
    function held(role) {
      var s = dict();
      outEdges[role].forEach(function (e) {
        if (e.relation !== "has_skill") return;
        if (inStage && !e.stages.some(function (st) { return inStage.has(st); })) return;
        s[e.target] = e;
      });
      return s;
    }
    var sa = held(a), sb = held(b);
    var res = { a: a, b: b, stage: state.compare.stage || "", stageFound: inStage ? inStage.size : null,
      both: [], bothMoreA: [], bothMoreB: [], onlyA: [], onlyB: [], denied: [] };
    Object.keys(sa).forEach(function (s) {
      if (!sb[s]) { res.onlyA.push(s); return; }
      var ea = sa[s].emphasis, eb = sb[s].emphasis;
      var more = [];
      if (ea === "more") more.push(a);
      if (eb === "more") more.push(b);
      if (ea === "less" && eb !== "less" && more.indexOf(b) < 0) more.push(b);
      if (eb === "less" && ea !== "less" && more.indexOf(a) < 0) more.push(a);
      if (more.length === 1) (more[0] === a ? res.bothMoreA : res.bothMoreB).push(s);
      else res.both.push(s);
    });
    Object.keys(sb).forEach(function (s) { if (!sa[s]) res.onlyB.push(s); });
    if (!inStage) {
      [a, b].forEach(function (role) {
        outEdges[role].forEach(function (e) { if (e.relation === "not_skill") res.denied.push({ role: role, skill: e.target, edge: e }); });
      });
    }
    var byLabel = function (x, y) { return label(x).localeCompare(label(y)); };
    [res.both, res.bothMoreA, res.bothMoreB, res.onlyA, res.onlyB].forEach(function (list) { list.sort(byLabel); });
    res.shared = res.both.concat(res.bothMoreA, res.bothMoreB).sort(byLabel);
    res.group = dict();
    res.shared.forEach(function (s) { res.group[s] = "both"; });
    res.onlyA.forEach(function (s) { res.group[s] = "a"; });
    res.onlyB.forEach(function (s) { res.group[s] = "b"; });
    return res;
  }

  function forcedShown(cmp) {
    var forced = new Set(state.pinned);
    if (state.selected) forced.add(state.selected);
    if (cmp) {
      [cmp.a, cmp.b].concat(cmp.shared, cmp.onlyA, cmp.onlyB).forEach(function (id) { forced.add(id); });
    }
    return forced;
  }

  function degreesWith(pass) {
    var deg = dict();
    EDGES.forEach(function (e) {
      if (relationOn(e.relation) && pass(e.source) && pass(e.target)) {
        deg[e.source] = (deg[e.source] || 0) + 1;
        deg[e.target] = (deg[e.target] || 0) + 1;
      }
    });
    return deg;
  }

  function visibility(cmp) {
    // "min links" counts edges of the relations shown, whatever node types are switched off,
    // so hiding one type does not take its neighbours away
    if (state.focus && !cmp) return new Set(state.focus.nodes);  // focus: exactly the neighbourhood
    var forced = forcedShown(cmp);
    if (cmp) return forced;  // comparing: the two roles and their skills, nothing else
    var deg = degreesWith(function (id) { return forced.has(id) || state.outside || !isOutside(id); });
    var shown = new Set();
    ids.forEach(function (id) {
      if (forced.has(id) || (passes(id) && (deg[id] || 0) >= state.minDegree)) shown.add(id);
    });
    if (state.strongest > 0) {
      // roles and their strongest skills and tools; then nothing that has no edge on the screen
      var strong = new Set();
      shown.forEach(function (id) {
        if (INFO[id].type !== "role") return;
        ["has_skill", "uses"].forEach(function (rel) {
          (strongestOf[id][rel] || []).slice(0, state.strongest).forEach(function (t) { strong.add(t); });
        });
      });
      shown.forEach(function (id) {
        var t = INFO[id].type;
        if ((t === "skill" || t === "tool") && !strong.has(id) && !forced.has(id)) shown.delete(id);
      });
      // a role the posts credit with nothing shows only beside one they do (its level, say)
      var credited = function (id) { return strongestOf[id].has_skill.length + strongestOf[id].uses.length > 0; };
      shown.forEach(function (id) {
        if (INFO[id].type !== "role" || credited(id) || forced.has(id)) return;
        var near = outEdges[id].concat(inEdges[id]).some(function (e) {
          var other = e.source === id ? e.target : e.source;
          return relationOn(e.relation) && shown.has(other) && INFO[other].type === "role" && credited(other);
        });
        if (!near) shown.delete(id);
      });
      var linked = new Set();
      EDGES.forEach(function (e) {
        if (relationOn(e.relation) && shown.has(e.source) && shown.has(e.target)) { linked.add(e.source); linked.add(e.target); }
      });
      shown.forEach(function (id) { if (!linked.has(id) && !forced.has(id)) shown.delete(id); });
    }
    return shown;
  }

  // each role's skills and tools, most stated first
  var strongestOf = dict();
  ids.forEach(function (id) {
    if (INFO[id].type !== "role") return;
    var by = strongestOf[id] = {};
    ["has_skill", "uses"].forEach(function (rel) {
      by[rel] = outEdges[id].filter(function (e) { return e.relation === rel; })
        .sort(function (x, y) { return y.weight - x.weight || label(x.target).localeCompare(label(y.target)); })
        .map(function (e) { return e.target; });
    });
  });

  function defaultMinDegree() {
    var deg = degreesWith(function (id) { return !isOutside(id); });
    var counts = ids.filter(passes).map(function (id) { return deg[id] || 0; });
    for (var k = 1; ; k++) {
      var n = counts.filter(function (d) { return d >= k; }).length;
      if (n <= DATA.visibleMax || n === 0) return k;
    }
  }

  // ---------- styling: one pass computes every node's and edge's look, only changes are sent ----------

  var nodesDS = new vis.DataSet(DATA.nodes);
  var edgesDS = new vis.DataSet(DATA.visEdges);
  var lastNode = dict();
  var lastEdge = dict();
  var shownNow = new Set();
  var placed = new Set();  // nodes whose position is kept in nodesDS
  var network = null;
  var stabilised = false;

  function nodeLook(id, shown, cmp, near) {
    var base = TYPES[INFO[id].type].color;
    var colour = base, fontColour = "#1f2933", border = base, width = 1, fontSize = baseFont[id];
    if (cmp) {
      if (id === cmp.a || id === cmp.b) {
        colour = id === cmp.a ? COMPARE.a : COMPARE.b; border = "#1f2933"; width = 3;
        fontSize = Math.max(fontSize, 26);
      } else if (cmp.group[id]) {
        colour = border = COMPARE[cmp.group[id]];
        fontSize = Math.max(fontSize, 17);
      } else { colour = border = DIM; fontColour = DIM_FONT; }
    } else if (near && !near.has(id)) {
      colour = border = DIM; fontColour = DIM_FONT;
    }
    if (id === state.selected) { border = "#1f2933"; width = 3; }
    var quiet = hiddenLabels.has(id) && id !== state.selected && id !== hovered;
    return {
      id: id,
      hidden: !shown,
      borderWidth: width,
      color: { background: colour, border: border, highlight: { background: colour, border: "#1f2933" } },
      // a label with no room is drawn clear (it keeps its size, so the next fit measures the same box)
      font: quiet ? { color: "rgba(0,0,0,0)", size: fontSize, strokeWidth: 0 } : { color: fontColour, size: fontSize, strokeWidth: 3 },
    };
  }

  function edgeLook(e, shownNodes, cmp, near) {
    var shown = relationOn(e.relation) && shownNodes.has(e.source) && shownNodes.has(e.target);
    var colour = "#b8c0cc", opacity = 0.75;
    if (cmp) {
      var onCompare = e.relation === "has_skill" && (e.source === cmp.a || e.source === cmp.b);
      colour = onCompare ? (e.source === cmp.a ? COMPARE.a : COMPARE.b) : "#e9ecef";
      opacity = onCompare ? 0.9 : 0.35;
    } else if (near) {
      var touches = e.source === state.selected || e.target === state.selected;
      colour = touches ? "#3b4252" : "#e9ecef";
      opacity = touches ? 0.9 : 0.35;
    }
    return { id: e.id, hidden: !shown, color: { color: colour, opacity: opacity } };
  }

  function neighbourhood(id) {
    if (!id) return null;
    var near = new Set([id]);
    outEdges[id].forEach(function (e) { if (relationOn(e.relation)) near.add(e.target); });
    inEdges[id].forEach(function (e) { if (relationOn(e.relation)) near.add(e.source); });
    return near;
  }

  function placeNear(id, shown, pos) {
    // a node shown for the first time after the layout settled starts next to a placed neighbour
    var around = outEdges[id].map(function (e) { return e.target; })
      .concat(inEdges[id].map(function (e) { return e.source; }))
      .filter(function (n) { return shownNow.has(n) && shown.has(n) && pos[n]; });
    if (!around.length) return null;
    var p = pos[around[0]];
    var angle = Math.random() * 2 * Math.PI, r = 60 + Math.random() * 60;
    return { x: p.x + r * Math.cos(angle), y: p.y + r * Math.sin(angle) };
  }

  // ---------- labels: only those that fit without overlapping, the rest on zoom or hover ----------

  var hiddenLabels = new Set();
  var hovered = null;
  var TYPE_RANK = { role: 0, tool: 1, skill: 2, company: 3, stage: 4, person: 5, tag: 6, post: 7 };
  var labelTimer = null;

  function labelOrder(x, y) {
    function rank(id) {
      if (id === state.selected) return -3;
      if (id === state.compare.a || id === state.compare.b) return -2;
      if (state.focus && id === state.focus.id) return -1;
      var r = TYPE_RANK[INFO[id].type];
      return r === undefined ? 8 : r;
    }
    return rank(x) - rank(y) || baseFont[y] - baseFont[x] || label(x).localeCompare(label(y));
  }

  function labelBoxes() {
    // every shown node's label box on the screen (CSS pixels), when vis-network would draw it at this zoom
    var scale = network.getScale();
    var out = [];
    shownNow.forEach(function (id) {
      var node = network.body.nodes[id];
      var size = node && node.labelModule && node.labelModule.size;
      if (!size || !size.width || node.options.font.size * scale < DATA.labelMinPx - 1) return;
      var a = network.canvasToDOM({ x: size.left, y: size.top });
      var b = network.canvasToDOM({ x: size.left + size.width, y: size.top + size.height });
      out.push({ id: id, left: a.x, top: a.y, right: b.x, bottom: b.y });
    });
    return out;
  }

  function fitLabels() {
    if (!network) return;
    var boxes = labelBoxes().sort(function (x, y) { return labelOrder(x.id, y.id); });
    var taken = [];
    var hide = new Set();
    boxes.forEach(function (b) {
      var clash = taken.some(function (o) { return b.left < o.right + 3 && o.left < b.right + 3 && b.top < o.bottom + 1 && o.top < b.bottom + 1; });
      if (clash) hide.add(b.id); else taken.push(b);
    });
    hiddenLabels = hide;
    render({ labels: true });
  }

  function scheduleLabels() {
    if (!stabilised) return;
    clearTimeout(labelTimer);
    labelTimer = setTimeout(function () {
      network.once("afterDrawing", fitLabels);
      network.redraw();
    }, 90);
  }

  var edgeCount = 0;

  function render(opts) {
    // opts.labels: only labels changed (same nodes and edges shown), so edges are left as they are
    var labelsOnly = !!(opts && opts.labels);
    var cmp = compareSets();
    var shown = labelsOnly ? shownNow : visibility(cmp);
    var near = cmp ? null : neighbourhood(state.selected);
    var nodeUpdates = [];
    var pos = null;
    ids.forEach(function (id) {
      var look = nodeLook(id, shown.has(id), cmp, near);
      var key = JSON.stringify(look);
      if (lastNode[id] !== key) {
        lastNode[id] = key;
        if (stabilised && shown.has(id) !== shownNow.has(id)) {
          pos = pos || network.getPositions();
          // the network holds only shown nodes: keep a leaving node's place for its return
          var at = shown.has(id) ? (placed.has(id) ? null : placeNear(id, shown, pos)) : pos[id];
          if (at) { look.x = at.x; look.y = at.y; placed.add(id); }
        }
        nodeUpdates.push(look);
      }
    });
    var edgeUpdates = [];
    if (!labelsOnly) {
      edgeCount = 0;
      EDGES.forEach(function (e) {
        var look = edgeLook(e, shown, cmp, near);
        if (!look.hidden) edgeCount++;
        var key = JSON.stringify(look);
        if (lastEdge[e.id] !== key) { lastEdge[e.id] = key; edgeUpdates.push(look); }
      });
    }
    if (nodeUpdates.length) nodesDS.update(nodeUpdates);
    if (edgeUpdates.length) edgesDS.update(edgeUpdates);
    shownNow = shown;
    if (!(opts && opts.labels)) scheduleLabels();
    updateLegend(shown);
    document.getElementById("status").textContent =
      shown.size + " of " + ids.length + " nodes · " + edgeCount + " of " + EDGES.length + " edges shown";
  }

  // ---------- legend and toggles ----------

  var legendButtons = dict();

  function buildLegend() {
    var list = document.getElementById("legend-types");
    Object.keys(TYPES).forEach(function (type) {
      var button = el("button", { type: "button", data: { type: type }, title: "Show or hide " + TYPES[type].name }, [
        swatch(type), el("span", { cls: "name", text: TYPES[type].name }), el("span", { cls: "count" }),
      ]);
      button.addEventListener("click", function () {
        state.types[type] = !state.types[type];
        render();
      });
      legendButtons[type] = button;
      list.appendChild(el("li", {}, [button]));
    });
    var toggles = document.getElementById("legend-toggles");
    var outside = ids.filter(function (id) { return INFO[id].type === "post" && !INFO[id].attrs.in_corpus; });
    if (outside.length) {
      toggles.appendChild(el("li", {}, [toggle("outside", "posts outside the corpus", outside.length, function () {
        state.outside = !state.outside; return state.outside;
      })]));
    }
    DATA.hiddenRelations.forEach(function (rel) {
      toggles.appendChild(el("li", {}, [toggle("relation-" + rel, rel + " edges", DATA.relations[rel], function () {
        state.relations[rel] = !state.relations[rel]; return state.relations[rel];
      })]));
    });
    var strongest = document.getElementById("strongest");
    strongest.value = String(state.strongest);
    strongest.addEventListener("change", function () {
      state.strongest = Math.max(0, parseInt(strongest.value, 10) || 0);
      render();
    });
    var min = document.getElementById("min-degree");
    min.value = String(state.minDegree);
    min.addEventListener("change", function () {
      state.minDegree = Math.max(0, parseInt(min.value, 10) || 0);
      render();
    });
  }

  function toggle(name, text, count, flip) {
    var button = el("button", { type: "button", data: { toggle: name } }, [
      el("span", { cls: "toggle-box" }), el("span", { cls: "name", text: text }), el("span", { cls: "count", text: count }),
    ]);
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", function () {
      button.setAttribute("aria-pressed", String(flip()));
      render();
    });
    return button;
  }

  function updateLegend(shown) {
    var visible = dict();
    shown.forEach(function (id) { visible[INFO[id].type] = (visible[INFO[id].type] || 0) + 1; });
    Object.keys(legendButtons).forEach(function (type) {
      var b = legendButtons[type];
      b.setAttribute("aria-pressed", String(state.types[type]));
      b.querySelector(".count").textContent = (visible[type] || 0) + "/" + TYPES[type].count;
    });
  }

  // ---------- side panel ----------

  var panel = document.getElementById("panel");
  var body = document.getElementById("panel-body");

  function openPanel() { panel.hidden = false; body.scrollTop = 0; panel.scrollTop = 0; }

  function neighbourButton(id) {
    return el("button", { cls: "neighbour", type: "button", text: label(id), data: { id: id }, onclick: function () { choose(id); } });
  }

  function evidenceItem(ev) {
    var post = INFO[ev.post];
    var source = el("span", { cls: "source" });
    source.appendChild(document.createTextNode("— "));
    var title = post ? (post.attrs.title || post.label) : ev.post;
    if (post && post.href) source.appendChild(el("a", { href: post.href, text: title }));
    else source.appendChild(el("span", { text: title }));
    if (ev.line) source.appendChild(document.createTextNode(", line " + ev.line));
    return el("li", {}, [el("span", { cls: "sentence", text: ev.text }), source]);
  }

  function evidenceList(evidence, notInPage) {
    // `notInPage`: sentences the page does not carry (kg show / kg compare print them all)
    var list = el("ol", { cls: "evidence" });
    evidence.slice(0, EVIDENCE_SHOWN).forEach(function (ev) { list.appendChild(evidenceItem(ev)); });
    var rest = el("li", { cls: "rest" });
    if (evidence.length > EVIDENCE_SHOWN) {
      var more = el("button", { cls: "more", type: "button", text: "show all " + evidence.length + " sentences" });
      more.addEventListener("click", function () {
        evidence.slice(EVIDENCE_SHOWN).forEach(function (ev) { list.insertBefore(evidenceItem(ev), rest); });
        more.remove();
      });
      rest.appendChild(more);
    }
    if (notInPage) {
      rest.appendChild(el("span", { cls: "weight", text: "and " + notInPage + " more sentence" + (notInPage === 1 ? "" : "s") +
        " in the posts (kg show prints them all)" }));
    }
    if (rest.firstChild) list.appendChild(rest);
    return list;
  }

  function edgeItem(e, other) {
    var head = el("div", {}, [neighbourButton(other)]);
    if (e.weight > 1) head.appendChild(el("span", { cls: "weight", text: "×" + e.weight }));
    var item = el("li", { data: { edge: e.id } }, [head]);
    if (e.stages.length) {
      item.appendChild(el("div", { cls: "weight", text: "stages: " + e.stages.map(label).join(", ") }));
    }
    if (e.evidence.length || e.evidenceMore) item.appendChild(evidenceList(e.evidence, e.evidenceMore || 0));
    return item;
  }

  function edgeGroup(title, list, otherEnd) {
    var group = el("details", { cls: "edge-group" }, [
      el("summary", {}, [el("span", { text: title + " " }), el("span", { cls: "n", text: "(" + list.length + ")" })]),
    ]);
    if (list.length <= EDGES_SHOWN) group.open = true;
    var ul = el("ul", { cls: "edges" });
    list.sort(function (x, y) { return y.weight - x.weight || label(otherEnd(x)).localeCompare(label(otherEnd(y))); });
    list.slice(0, EDGES_SHOWN).forEach(function (e) { ul.appendChild(edgeItem(e, otherEnd(e))); });
    if (list.length > EDGES_SHOWN) {
      var more = el("button", { cls: "more", type: "button", text: "show " + (list.length - EDGES_SHOWN) + " more" });
      more.addEventListener("click", function () {
        list.slice(EDGES_SHOWN).forEach(function (e) { ul.appendChild(edgeItem(e, otherEnd(e))); });
        more.remove();
      });
      ul.appendChild(el("li", {}, [more]));
    }
    group.appendChild(ul);
    return group;
  }

  function attrValue(key, value) {
    if (key === "url" && safeHref(value)) return el("a", { href: value, text: value });
    if (Array.isArray(value)) return el("span", { text: value.map(function (v) { return INFO[v] ? label(v) : String(v); }).join(", ") });
    if (typeof value === "boolean") return el("span", { text: value ? "yes" : "no" });
    if (value !== null && typeof value === "object") return el("span", { text: JSON.stringify(value) });
    return el("span", { text: INFO[value] ? label(value) : value });
  }

  function showNode(id) {
    var n = INFO[id];
    clear(body);
    body.dataset.node = id;
    delete body.dataset.cell;
    body.appendChild(el("h1", { text: n.label }));
    var badge = el("div", { cls: "badge" }, [swatch(n.type), el("span", { cls: "type", text: n.type })]);
    if (n.type === "post") badge.appendChild(el("span", { text: n.attrs.in_corpus ? "· in the corpus" : "· outside the corpus" }));
    body.appendChild(badge);
    body.appendChild(el("div", { cls: "panel-actions" }, [
      el("button", { type: "button", cls: "focus", text: "focus: only this and its neighbours", data: { focus: id },
        onclick: function () { focusOn(id); } }),
    ]));
    if (n.aliases.length) body.appendChild(el("div", { cls: "aliases", text: "also: " + n.aliases.join(" · ") }));
    if (n.type === "role" && state.compare.a === id && !state.compare.b) {
      body.appendChild(el("p", { cls: "hint", text: "Shift-click a second role, or pick one above, to compare their skills." }));
    }
    var keys = Object.keys(n.attrs).sort();
    if (keys.length) {
      var table = el("table", { cls: "attrs" });
      keys.forEach(function (k) {
        table.appendChild(el("tr", {}, [el("th", { text: k }), el("td", {}, [attrValue(k, n.attrs[k])])]));
      });
      body.appendChild(table);
    }
    var groups = dict();
    function add(name, e, other) { (groups[name] = groups[name] || { list: [], other: other }).list.push(e); }
    var toTarget = function (x) { return x.target; }, toSource = function (x) { return x.source; };
    outEdges[id].forEach(function (e) { add(e.relation + " →", e, toTarget); });
    inEdges[id].forEach(function (e) { add("← " + e.relation, e, toSource); });
    var names = Object.keys(groups).sort(function (x, y) { return x.replace("← ", "").localeCompare(y.replace("← ", "")); });
    body.appendChild(el("h2", { text: "Connections (" + (outEdges[id].length + inEdges[id].length) + ")" }));
    names.forEach(function (name) { body.appendChild(edgeGroup(name, groups[name].list.slice(), groups[name].other)); });
    openPanel();
  }

  function skillList(list) {
    var ul = el("ul", { cls: "skills" });
    list.forEach(function (id) { ul.appendChild(el("li", { data: { id: id } }, [neighbourButton(id)])); });
    return ul;
  }

  function showCompare(cmp) {
    clear(body);
    delete body.dataset.node;
    body.appendChild(el("h1", { text: "Compare roles" }));
    var a = el("strong", { text: label(cmp.a) }); a.style.color = COMPARE.a;
    var b = el("strong", { text: label(cmp.b) }); b.style.color = COMPARE.b;
    body.appendChild(el("p", {}, [a, document.createTextNode(" vs "), b]));
    function count(cls, n, what, key) {
      return el("div", { cls: cls, data: { count: key } }, [el("strong", { text: n }), el("span", { text: what })]);
    }
    if (cmp.stage) {
      body.appendChild(el("p", { cls: "hint", data: { stage: cmp.stage }, text: cmp.stageFound ?
        "Only what the posts place in stage " + cmp.stage + "." : "Neither role has a stage called " + cmp.stage + "." }));
    }
    body.appendChild(el("div", { cls: "compare-counts" }, [
      count("c-both", cmp.shared.length, "both", "both"),
      count("c-only-a", cmp.onlyA.length, "only " + label(cmp.a), "only-a"),
      count("c-only-b", cmp.onlyB.length, "only " + label(cmp.b), "only-b"),
    ]));
    [["Both", cmp.both, "both"],
     ["Both, " + label(cmp.a) + " more", cmp.bothMoreA, "both-more-a"],
     ["Both, " + label(cmp.b) + " more", cmp.bothMoreB, "both-more-b"],
     ["Only " + label(cmp.a), cmp.onlyA, "only-a"], ["Only " + label(cmp.b), cmp.onlyB, "only-b"]]
      .forEach(function (g) {
        if (!g[1].length && g[2].indexOf("both-more") === 0) return;
        body.appendChild(el("h2", { text: g[0] + " (" + g[1].length + ")" }));
        var ul = skillList(g[1]); ul.dataset.group = g[2];
        body.appendChild(ul);
      });
    if (cmp.denied.length) {
      body.appendChild(el("h2", { cls: "said-not", text: "Said not to (" + cmp.denied.length + ")" }));
      var ul = el("ul", { cls: "edges", data: { group: "not" } });
      cmp.denied.forEach(function (d) {
        var item = el("li", { data: { role: d.role, id: d.skill } }, [
          el("div", {}, [el("span", { text: label(d.role) + " not: " }), neighbourButton(d.skill)]),
        ]);
        if (d.edge.evidence.length) item.appendChild(evidenceList(d.edge.evidence, d.edge.evidenceMore || 0));
        ul.appendChild(item);
      });
      body.appendChild(ul);
    }
    openPanel();
  }

  function closePanel() { deselect(); panel.hidden = true; }
  document.getElementById("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && ev.target !== search && !panel.hidden) closePanel();
  });

  // ---------- selection, search, compare ----------

  function select(id) {
    state.selected = id;
    render();
    network.selectNodes([id]);
    showNode(id);
  }

  function deselect() {
    state.selected = null;
    network.unselectAll();
    render();
    var cmp = compareSets();
    if (cmp) showCompare(cmp); else panel.hidden = true;
  }

  var ANIMATION = { duration: 350, easingFunction: "easeInOutQuad" };

  function uncovered() {
    // the legend covers the canvas's left, the side panel its right: centre things in the part between
    var canvas = document.getElementById("graph").getBoundingClientRect();
    var legend = document.getElementById("legend").getBoundingClientRect();
    var left = legend.right - canvas.left, right = canvas.width;
    if (!panel.hidden) right = panel.getBoundingClientRect().left - canvas.left;
    if (right - left < canvas.width / 3) left = 0;  // a narrow window: let the legend cover
    return { offset: { x: (left + right) / 2 - canvas.width / 2, y: 0 }, width: right - left, height: canvas.height };
  }

  function choose(id) {
    if (!INFO[id]) return;
    setView("graph");
    if (state.focus && !state.focus.nodes.has(id)) { focusOn(id); return; }
    if (!shownNow.has(id)) state.pinned.add(id);
    select(id);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), offset: uncovered().offset, animation: ANIMATION });
  }

  function fitUncovered(nodeIds) {
    var free = uncovered();
    var box = null;
    nodeIds.forEach(function (id) {
      var b = network.getBoundingBox(id);
      if (!b) return;
      box = box ? { left: Math.min(box.left, b.left), right: Math.max(box.right, b.right),
                    top: Math.min(box.top, b.top), bottom: Math.max(box.bottom, b.bottom) } : b;
    });
    if (!box) return;
    var scale = 0.92 * Math.min(free.width / (box.right - box.left), free.height / (box.bottom - box.top));
    network.moveTo({
      position: { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 },
      scale: Math.min(scale, 1.5),
      offset: free.offset,
      animation: ANIMATION,
    });
  }

  var search = document.getElementById("search");
  var results = document.getElementById("search-results");
  function squash(text) { return String(text).toLowerCase().replace(/\s+/g, " ").trim(); }
  var index = ids.map(function (id) {
    return {
      id: id,
      label: squash(INFO[id].label),
      aliases: INFO[id].aliases.map(squash),
      degree: outEdges[id].length + inEdges[id].length,
    };
  });
  var active = 0;
  var current = [];

  function rank(entry, q) {
    // lower is better: exact name, exact alias, name prefix, alias prefix, word in name, anywhere
    var best = null, via = null;
    function consider(score, alias) {
      if (best === null || score < best) { best = score; via = alias; }
    }
    var l = entry.label;
    if (l === q) consider(0, null);
    else if (l.indexOf(q) === 0) consider(2, null);
    else if (l.indexOf(" " + q) >= 0) consider(4, null);
    else if (l.indexOf(q) >= 0) consider(5, null);
    entry.aliases.forEach(function (a, i) {
      if (a === q) consider(1, i);
      else if (a.indexOf(q) === 0) consider(3, i);
      else if (a.indexOf(q) >= 0) consider(6, i);
    });
    return best === null ? null : { score: best, via: via };
  }

  function find(query) {
    var q = squash(query);
    if (!q) return [];
    var hits = [];
    index.forEach(function (entry) {
      var r = rank(entry, q);
      if (r) hits.push({ id: entry.id, score: r.score, via: r.via, degree: entry.degree });
    });
    hits.sort(function (x, y) {
      return x.score - y.score || y.degree - x.degree || INFO[x.id].label.length - INFO[y.id].label.length;
    });
    return hits.slice(0, 12);
  }

  function showResults() {
    current = find(search.value);
    active = 0;
    clear(results);
    current.forEach(function (hit, i) {
      var item = el("li", { data: { id: hit.id } }, [swatch(INFO[hit.id].type), el("span", { text: INFO[hit.id].label })]);
      if (hit.via !== null) item.appendChild(el("span", { cls: "alias", text: "(" + INFO[hit.id].aliases[hit.via] + ")" }));
      var focusButton = el("button", { type: "button", cls: "focus", text: "focus", title: "Show only this and its neighbours",
        data: { focus: hit.id } });
      focusButton.addEventListener("mousedown", function (ev) {
        ev.preventDefault(); ev.stopPropagation(); results.hidden = true; search.value = INFO[hit.id].label; focusOn(hit.id);
      });
      item.appendChild(focusButton);
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", String(i === active));
      item.addEventListener("mousedown", function (ev) { ev.preventDefault(); pick(i); });
      results.appendChild(item);
    });
    results.hidden = current.length === 0;
  }

  function looksLikeQuestion(text) {
    // a question when one of kg ask's patterns matches it (names are looked up when it is answered)
    var t = text.trim();
    if (t.split(/\s+/).length < 3 && !/\s(?:vs\.?|versus)\s/i.test(t)) return false;
    try { parseQuestion(t); return true; } catch (err) { return err instanceof NotFound; }
  }

  function pick(i) {
    var hit = current[i];
    if (!hit) return;
    results.hidden = true;
    search.value = INFO[hit.id].label;
    choose(hit.id);
  }

  function moveActive(step) {
    if (!current.length) return;
    active = (active + step + current.length) % current.length;
    Array.prototype.forEach.call(results.children, function (li, i) { li.setAttribute("aria-selected", String(i === active)); });
  }

  search.addEventListener("input", showResults);
  search.addEventListener("focus", showResults);
  search.addEventListener("blur", function () { results.hidden = true; });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown") { moveActive(1); ev.preventDefault(); }
    else if (ev.key === "ArrowUp") { moveActive(-1); ev.preventDefault(); }
    else if (ev.key === "Enter") {
      ev.preventDefault();
      if (looksLikeQuestion(search.value)) { results.hidden = true; answerQuestion(search.value.trim()); return; }
      if (!current.length) showResults();
      if (!current.length && search.value.trim().split(/\s+/).length >= 3) { answerQuestion(search.value.trim()); return; }
      pick(active);
    }
    else if (ev.key === "Escape") { results.hidden = true; }
  });

  var selectA = document.getElementById("compare-a");
  var selectB = document.getElementById("compare-b");
  var clearCompare = document.getElementById("compare-clear");
  var roles = ids.filter(function (id) { return INFO[id].type === "role"; })
    .sort(function (x, y) { return label(x).localeCompare(label(y)); });
  roles.forEach(function (id) {
    [selectA, selectB].forEach(function (s) { s.appendChild(el("option", { text: label(id) })).value = id; });
  });
  if (!roles.length) document.getElementById("compare-box").hidden = true;

  // ---------- the comparison's own layout: only A | A | both | B | only B, put back afterwards ----------

  var savedPlaces = null;
  var GRID = { rows: 14, dx: 220, dy: 62, gap: 170 };  // at most 14 to a column, in canvas units

  function grid(list, centreX, centreY) {
    var cols = Math.max(1, Math.ceil(list.length / GRID.rows));
    var rows = Math.ceil(list.length / cols);
    var places = {};
    list.forEach(function (id, i) {
      var col = Math.floor(i / rows), row = i % rows;
      places[id] = { x: centreX + (col - (cols - 1) / 2) * GRID.dx, y: centreY + (row - (rows - 1) / 2) * GRID.dy };
    });
    return { places: places, width: (cols - 1) * GRID.dx };
  }

  function compareLayout(cmp) {
    var pos = network.getPositions([cmp.a, cmp.b]);
    var cx = (pos[cmp.a].x + pos[cmp.b].x) / 2, cy = (pos[cmp.a].y + pos[cmp.b].y) / 2;
    var both = grid(cmp.shared, cx, cy);
    var ax = cx - both.width / 2 - GRID.gap, bx = cx + both.width / 2 + GRID.gap;
    var onlyA = grid(cmp.onlyA, 0, cy), onlyB = grid(cmp.onlyB, 0, cy);
    var places = Object.assign(dict(), both.places);
    Object.keys(onlyA.places).forEach(function (id) {
      places[id] = { x: onlyA.places[id].x + ax - GRID.gap - onlyA.width / 2, y: onlyA.places[id].y };
    });
    Object.keys(onlyB.places).forEach(function (id) {
      places[id] = { x: onlyB.places[id].x + bx + GRID.gap + onlyB.width / 2, y: onlyB.places[id].y };
    });
    places[cmp.a] = { x: ax, y: cy };
    places[cmp.b] = { x: bx, y: cy };
    return places;
  }

  function restorePlaces() {
    if (!savedPlaces) return;
    Object.keys(savedPlaces).forEach(function (id) {
      if (shownNow.has(id)) network.moveNode(id, savedPlaces[id].x, savedPlaces[id].y);
      else nodesDS.update({ id: id, x: savedPlaces[id].x, y: savedPlaces[id].y });
    });
    savedPlaces = null;
  }

  function setCompare(a, b, stage) {
    if (state.focus && (a || b)) focusOn(null);
    if (network && stabilised) restorePlaces();
    state.compare = { a: a || "", b: b || "", stage: stage || "" };
    selectA.value = state.compare.a;
    selectB.value = state.compare.b;
    clearCompare.hidden = !state.compare.a && !state.compare.b;
    state.selected = null;
    if (network) network.unselectAll();
    render();
    var cmp = compareSets();
    if (cmp) {
      showCompare(cmp);
      if (network && stabilised) {
        var places = compareLayout(cmp);
        savedPlaces = network.getPositions(Object.keys(places));
        Object.keys(places).forEach(function (id) { network.moveNode(id, places[id].x, places[id].y); });
        // node sizes follow positions only once drawn: fit after that
        network.once("afterDrawing", function () { fitUncovered(Object.keys(places)); });
        network.redraw();
      }
    } else if (state.compare.a) showNode(state.compare.a);
    return cmp;
  }

  selectA.addEventListener("change", function () { setCompare(selectA.value, selectB.value); });
  selectB.addEventListener("change", function () { setCompare(selectA.value, selectB.value); });
  clearCompare.addEventListener("click", function () { setCompare("", ""); panel.hidden = true; });

  // ---------- the role x skill (and role x tool) matrix ----------

  var view = "graph";
  var matrixState = { kind: "skill", sort: "roles", cluster: true, columns: dict(), pressed: null };
  var MATRIX_RELATION = { skill: "has_skill", tool: "uses" };
  var matrixBox = document.getElementById("matrix");
  var matrixTable = document.getElementById("matrix-table");
  var matrixSort = document.getElementById("matrix-sort");
  var matrixCluster = document.getElementById("matrix-cluster");
  var matrixColumnList = document.getElementById("matrix-column-list");
  var matrixColumnsSummary = document.querySelector("#matrix-columns summary");

  function matrixCells(kind) {
    // role -> row node -> {role, skill, weight, more, less, not, edges}
    var rel = MATRIX_RELATION[kind];
    var cells = dict();
    EDGES.forEach(function (e) {
      if (e.relation !== rel && e.relation !== "not_skill") return;
      if (INFO[e.source].type !== "role" || INFO[e.target].type !== kind) return;
      var byRole = cells[e.source] = cells[e.source] || dict();
      var c = byRole[e.target] = byRole[e.target] ||
        { role: e.source, skill: e.target, weight: 0, more: false, less: false, not: false, edges: [] };
      if (e.relation === rel) {
        c.weight += e.weight || 0;
        if (e.emphasis === "more") c.more = true;
        if (e.emphasis === "less") c.less = true;
      } else c.not = true;
      c.edges.push(e);
    });
    return cells;
  }

  function held(byRole) {
    var s = new Set();
    Object.keys(byRole || {}).forEach(function (k) { if (byRole[k].weight > 0) s.add(k); });
    return s;
  }

  function clusterOrder(columns, cells) {
    // greedy seriation: start with the role with the most rows, then always the most similar one left (Jaccard)
    var sets = dict();
    columns.forEach(function (r) { sets[r] = held(cells[r]); });
    function jaccard(x, y) {
      var inter = 0;
      sets[x].forEach(function (s) { if (sets[y].has(s)) inter++; });
      var union = sets[x].size + sets[y].size - inter;
      return union ? inter / union : 0;
    }
    var left = columns.slice().sort(function (x, y) { return sets[y].size - sets[x].size || label(x).localeCompare(label(y)); });
    var order = left.length ? [left.shift()] : [];
    while (left.length) {
      var last = order[order.length - 1], best = 0;
      for (var i = 1; i < left.length; i++) {
        var d = jaccard(last, left[i]) - jaccard(last, left[best]);
        if (d > 0) best = i;
      }
      order.push(left.splice(best, 1)[0]);
    }
    return order;
  }

  function matrixModel() {
    var kind = matrixState.kind;
    var cells = matrixCells(kind);
    var all = Object.keys(cells).sort(function (x, y) { return label(x).localeCompare(label(y)); });
    var columns = all.filter(function (r) { return matrixState.columns[r] !== false; });
    if (matrixState.cluster) columns = clusterOrder(columns, cells);
    var rows = new Set();
    columns.forEach(function (r) { Object.keys(cells[r]).forEach(function (s) { rows.add(s); }); });
    function cell(r, s) { return cells[r] && cells[r][s]; }
    function count(s) { return columns.filter(function (r) { var c = cell(r, s); return c && c.weight > 0; }).length; }
    function total(s) { return columns.reduce(function (t, r) { var c = cell(r, s); return t + (c ? c.weight : 0); }, 0); }
    var sortRole = matrixState.sort.indexOf("role:") === 0 ? matrixState.sort.slice(5) : null;
    var rowList = Array.from(rows).sort(function (x, y) {
      if (sortRole) {
        var wx = cell(sortRole, x) ? cell(sortRole, x).weight : 0, wy = cell(sortRole, y) ? cell(sortRole, y).weight : 0;
        if (wy !== wx) return wy - wx;
      }
      if (matrixState.sort !== "name") {
        var d = count(y) - count(x) || total(y) - total(x);
        if (d) return d;
      }
      return label(x).localeCompare(label(y));
    });
    return { kind: kind, all: all, columns: columns, rows: rowList, cell: cell };
  }

  function matrixCellsShown() {
    var m = matrixModel();
    var out = [];
    m.rows.forEach(function (s) {
      m.columns.forEach(function (r) {
        var c = m.cell(r, s);
        if (c) out.push({ role: r, skill: s, weight: c.weight, more: c.more, less: c.less, not: c.not });
      });
    });
    return out;
  }

  function headButton(id) {
    return el("button", { cls: "head", type: "button", text: label(id), title: label(id), data: { id: id },
      onclick: function () { showNode(id); } });
  }

  function renderMatrix() {
    var m = matrixModel();
    clear(matrixTable);
    var max = 1;
    m.rows.forEach(function (s) { m.columns.forEach(function (r) { var c = m.cell(r, s); if (c) max = Math.max(max, c.weight); }); });
    var head = el("tr", {}, [el("th", { cls: "corner", text: m.rows.length + " " + (m.kind === "tool" ? "tools" : "skills") +
      " × " + m.columns.length + " roles" })]);
    m.columns.forEach(function (r) { head.appendChild(el("th", { cls: "col", data: { role: r } }, [headButton(r)])); });
    matrixTable.appendChild(el("thead", {}, [head]));
    var tbody = el("tbody");
    m.rows.forEach(function (s) {
      var tr = el("tr", { data: { row: s } }, [el("th", {}, [headButton(s)])]);
      m.columns.forEach(function (r) {
        var c = m.cell(r, s);
        if (!c) { tr.appendChild(el("td", { cls: "empty" })); return; }
        var marks = (c.more ? "▲" : "") + (c.less ? "▼" : "") + (c.not ? "✕" : "");
        var words = label(r) + " · " + label(s) + ": " + c.weight + " statement" + (c.weight === 1 ? "" : "s") +
          (c.more ? ", said to do it more" : "") + (c.less ? ", said to do it less" : "") + (c.not ? ", said not to" : "");
        var b = el("button", { cls: "cell", type: "button", text: (c.weight || "") + marks, title: words,
          data: { role: r, skill: s, weight: c.weight } });
        b.setAttribute("aria-label", words);
        var a = c.weight ? 0.12 + 0.88 * Math.log(1 + c.weight) / Math.log(1 + max) : 0;
        b.style.backgroundColor = c.weight ? "rgba(59,91,219," + a.toFixed(3) + ")" : "#fff";
        if (a > 0.55) b.classList.add("dark");
        if (c.not) b.classList.add("not");
        b.setAttribute("aria-pressed", String(matrixState.pressed === r + "|" + s));
        b.addEventListener("click", function () {
          matrixState.pressed = r + "|" + s;
          matrixTable.querySelectorAll("button.cell[aria-pressed=true]").forEach(function (x) { x.setAttribute("aria-pressed", "false"); });
          b.setAttribute("aria-pressed", "true");
          showCell(c);
        });
        tr.appendChild(el("td", {}, [b]));
      });
      tbody.appendChild(tr);
    });
    matrixTable.appendChild(tbody);
    document.getElementById("matrix-empty").hidden = m.rows.length > 0;
    renderMatrixControls(m);
  }

  function renderMatrixControls(m) {
    var keep = matrixState.sort;
    clear(matrixSort);
    matrixSort.appendChild(el("option", { text: "by how many roles have them" })).value = "roles";
    matrixSort.appendChild(el("option", { text: "by name" })).value = "name";
    m.columns.forEach(function (r) { matrixSort.appendChild(el("option", { text: "by " + label(r) })).value = "role:" + r; });
    matrixSort.value = keep;
    if (matrixSort.value !== keep) { matrixState.sort = "roles"; matrixSort.value = "roles"; }
    clear(matrixColumnList);
    var all = el("div", { cls: "all" }, [
      el("button", { type: "button", text: "all", onclick: function () { setColumns(m.all, true); } }),
      el("button", { type: "button", text: "none", onclick: function () { setColumns(m.all, false); } }),
    ]);
    matrixColumnList.appendChild(all);
    m.all.forEach(function (r) {
      var box = el("input", { type: "checkbox", data: { role: r } });
      box.checked = matrixState.columns[r] !== false;
      box.addEventListener("change", function () { matrixState.columns[r] = box.checked; renderMatrix(); });
      matrixColumnList.appendChild(el("label", {}, [box, document.createTextNode(" " + label(r))]));
    });
    matrixColumnsSummary.textContent = "roles " + m.columns.length + "/" + m.all.length;
  }

  function setColumns(roleIds, on) {
    roleIds.forEach(function (r) { matrixState.columns[r] = on; });
    renderMatrix();
  }

  matrixSort.addEventListener("change", function () { matrixState.sort = matrixSort.value; renderMatrix(); });
  matrixCluster.addEventListener("change", function () { matrixState.cluster = matrixCluster.checked; renderMatrix(); });

  function showCell(c) {
    clear(body);
    body.dataset.cell = c.role + "|" + c.skill;
    delete body.dataset.node;
    body.appendChild(el("h1", { text: label(c.skill) }));
    body.appendChild(el("div", { cls: "badge" }, [swatch("role"), el("span", { text: label(c.role) })]));
    body.appendChild(el("div", { cls: "panel-actions" }, [
      el("button", { type: "button", text: "open " + label(c.role), onclick: function () { choose(c.role); } }),
      el("button", { type: "button", text: "open " + label(c.skill), onclick: function () { choose(c.skill); } }),
      el("button", { type: "button", cls: "focus", text: "focus on " + label(c.role), data: { focus: c.role },
        onclick: function () { focusOn(c.role); } }),
      el("button", { type: "button", cls: "focus", text: "focus on " + label(c.skill), data: { focus: c.skill },
        onclick: function () { focusOn(c.skill); } }),
    ]));
    c.edges.forEach(function (e) {
      var title = e.relation === "not_skill" ? "Said not to" : e.relation + " · " + e.weight + " statement" + (e.weight === 1 ? "" : "s");
      var h = el("h2", { text: title, data: { relation: e.relation } });
      if (e.relation === "not_skill") h.classList.add("said-not");
      body.appendChild(h);
      if (e.emphasis) {
        body.appendChild(el("p", { cls: "hint", text: "The posts say " + label(c.role) + " do" +
          (/s$/.test(label(c.role)) ? "" : "es") + " this " + e.emphasis + " than others." }));
        if (e.emphasisEvidence && e.emphasisEvidence.length) body.appendChild(evidenceList(e.emphasisEvidence, 0));
      }
      if (e.stages.length) body.appendChild(el("div", { cls: "weight", text: "stages: " + e.stages.map(label).join(", ") }));
      if (e.evidence.length || e.evidenceMore) body.appendChild(evidenceList(e.evidence, e.evidenceMore || 0));
    });
    openPanel();
  }

  var viewTabs = document.querySelectorAll("#views button");
  function setView(name) {
    if (name !== "graph" && !MATRIX_RELATION[name]) return;
    view = name;
    viewTabs.forEach(function (b) { b.setAttribute("aria-selected", String(b.dataset.view === name)); });
    matrixBox.hidden = name === "graph";
    if (name !== "graph") { matrixState.kind = name; renderMatrix(); }
  }
  viewTabs.forEach(function (b) { b.addEventListener("click", function () { setView(b.dataset.view); }); });
  if (!roles.length) document.getElementById("views").hidden = true;

  // ---------- focus: one node and its neighbours to depth 1 or 2, with a breadcrumb back ----------

  var crumbs = document.getElementById("crumbs");
  var focusSaved = null;  // every shown node's place before the first focus, put back on leaving

  function focusSet(id, depth) {
    var seen = new Set([id]);
    var frontier = [id];
    var rings = [[id]];
    for (var d = 0; d < depth; d++) {
      var next = [];
      frontier.forEach(function (n) {
        function visit(e, other) {
          if (!relationOn(e.relation) || seen.has(other)) return;
          seen.add(other); next.push(other);
        }
        outEdges[n].forEach(function (e) { visit(e, e.target); });
        inEdges[n].forEach(function (e) { visit(e, e.source); });
      });
      rings.push(next);
      frontier = next;
    }
    return { nodes: seen, rings: rings };
  }

  function focusLayout(f) {
    // the node in the middle, its neighbours on a ring around it, theirs on an outer ring next to them
    var places = dict(), angle = dict();
    var byType = function (x, y) { return INFO[x].type.localeCompare(INFO[y].type) || label(x).localeCompare(label(y)); };
    places[f.rings[0][0]] = { x: 0, y: 0 };
    var radius = 0;
    f.rings.slice(1).forEach(function (ring, depth) {
      var parentAngle = function (n) {
        var best = null;
        outEdges[n].concat(inEdges[n]).forEach(function (e) {
          var other = e.source === n ? e.target : e.source;
          if (angle[other] !== undefined && (best === null || angle[other] < best)) best = angle[other];
        });
        return best === null ? 0 : best;
      };
      var list = ring.slice().sort(depth === 0 ? byType : function (x, y) { return parentAngle(x) - parentAngle(y) || byType(x, y); });
      radius = Math.max(radius + 320, list.length * 64 / (2 * Math.PI));
      list.forEach(function (n, i) {
        var a = 2 * Math.PI * i / Math.max(1, list.length) - Math.PI / 2;
        angle[n] = a + Math.PI / 2;
        places[n] = { x: radius * Math.cos(a), y: radius * Math.sin(a) };
      });
    });
    return places;
  }

  function renderCrumbs() {
    clear(crumbs);
    crumbs.hidden = !state.focus;
    if (!state.focus) return;
    crumbs.appendChild(el("button", { type: "button", cls: "crumb", text: "all nodes", data: { crumb: "" },
      onclick: function () { focusOn(null); } }));
    state.trail.forEach(function (id, i) {
      crumbs.appendChild(el("span", { cls: "sep", text: "›" }));
      var b = el("button", { type: "button", cls: "crumb", text: label(id), data: { crumb: id },
        onclick: function () { state.trail = state.trail.slice(0, i); focusOn(id, state.focus.depth); } });
      if (i === state.trail.length - 1) b.setAttribute("aria-current", "true");
      crumbs.appendChild(b);
    });
    crumbs.appendChild(el("span", { cls: "sep", text: "depth" }));
    [1, 2].forEach(function (d) {
      var b = el("button", { type: "button", cls: "depth", text: String(d), data: { depth: d },
        onclick: function () { focusOn(state.focus.id, d); } });
      b.setAttribute("aria-pressed", String(state.focus.depth === d));
      crumbs.appendChild(b);
    });
  }

  function focusOn(id, depth) {
    // focusOn(null) leaves focus and puts every node back where it was
    setView("graph");
    if (id && !INFO[id]) return;
    if (state.compare.a || state.compare.b) setCompare("", "");
    if (!id) {
      state.focus = null;
      state.trail = [];
      state.selected = null;
      network.unselectAll();
      render();
      if (focusSaved) {
        var leftOver = Array.from(placed);
        Object.keys(focusSaved).forEach(function (n) {
          if (shownNow.has(n)) network.moveNode(n, focusSaved[n].x, focusSaved[n].y);
          else nodesDS.update({ id: n, x: focusSaved[n].x, y: focusSaved[n].y });
        });
        // nodes first placed in a focus find a neighbour's side again next time
        leftOver.forEach(function (n) { if (!focusSaved[n]) placed.delete(n); });
        focusSaved = null;
      }
      renderCrumbs();
      panel.hidden = true;
      network.fit({ nodes: Array.from(shownNow), animation: ANIMATION });
      return;
    }
    if (!focusSaved && stabilised) focusSaved = network.getPositions();
    depth = depth || (state.focus ? state.focus.depth : 1);
    if (state.trail[state.trail.length - 1] !== id) state.trail.push(id);
    var f = focusSet(id, depth);
    state.focus = { id: id, depth: depth, nodes: f.nodes };
    state.selected = id;
    render();
    var places = focusLayout(f);
    Object.keys(places).forEach(function (n) { network.moveNode(n, places[n].x, places[n].y); placed.add(n); });
    network.selectNodes([id]);
    showNode(id);
    renderCrumbs();
    network.once("afterDrawing", function () { fitUncovered(Object.keys(places)); });
    network.redraw();
  }

  // ---------- questions in words: kg ask's parser, from the same kg/data/ask.yaml ----------

  var ASK = DATA.ask || { forms: [], drop: [], articles: [], do_words: [], fragments: {}, patterns: [] };
  function wordsRe(list) {
    return list.slice().sort(function (x, y) { return y.length - x.length; })
      .map(function (w) { return w.split(/\s+/).map(function (p) { return p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("\\s+"); })
      .join("|");
  }
  var ASK_PATTERNS = ASK.patterns.map(function (p) {
    var source = p.pattern.replace(/\{(\w+)\}/g, function (_, name) { return ASK.fragments[name]; }).replace(/\(\?P</g, "(?<");
    return { query: p.query, re: new RegExp("^(?:" + source + ")$", "i") };
  });
  var DROP_RE = new RegExp("^(?:(?:" + wordsRe(ASK.drop) + ")\\s+)", "i");
  var ARTICLE_RE = new RegExp("^(?:(?:" + wordsRe(ASK.articles) + ")\\s+)?", "i");
  var DO_RE = new RegExp("^(?:" + wordsRe(ASK.do_words) + ")\\s+", "i");

  function NotFound(name, kind, suggestions) { this.name = name; this.kind = kind; this.suggestions = suggestions; }
  function NotUnderstood(question) { this.question = question; }

  function singulars(key) {
    var forms = [key];
    if (/s$/.test(key)) forms.push(key.slice(0, -1));
    if (/ies$/.test(key)) forms.push(key.slice(0, -3) + "y");
    return forms;
  }
  var nameKeys = dict();
  ids.forEach(function (id) {
    var n = INFO[id], url = String(n.attrs.url || "");
    var keys = new Set();
    [id, id.split(":").slice(1).join(":"), n.label, url, url.replace(/\/+$/, "").split("/").pop()].concat(n.aliases)
      .forEach(function (name) { var k = keyOf(name || ""); if (k) singulars(k).forEach(function (f) { keys.add(f); }); });
    nameKeys[id] = keys;
  });
  function initials(text) {
    var words = String(text).toLowerCase().match(/[0-9a-z]+/g) || [];
    return words.length > 1 ? words.map(function (w) { return w[0]; }).join("") : "";
  }

  function findNode(name, kind) {
    // kg's name lookup (query.find_node): id, id tail, label, alias, plural, URL, a role's initials
    if (INFO[name] && (!kind || INFO[name].type === kind)) return name;
    if (kind && INFO[kind + ":" + name]) return kind + ":" + name;
    var wanted = singulars(keyOf(name)).filter(Boolean);
    var candidates = ids.filter(function (id) { return !kind || INFO[id].type === kind; });
    var hits = candidates.filter(function (id) { return wanted.some(function (w) { return nameKeys[id].has(w); }); });
    if (hits.length) {
      return hits.sort(function (x, y) {
        return (INFO[y].attrs.in_corpus ? 1 : 0) - (INFO[x].attrs.in_corpus ? 1 : 0) ||
          (outEdges[y].length + inEdges[y].length) - (outEdges[x].length + inEdges[x].length) || (x < y ? 1 : -1);
      })[0];
    }
    var byInitials = candidates.filter(function (id) { return INFO[id].type === "role" && wanted.indexOf(initials(INFO[id].label)) >= 0; });
    if (byInitials.length === 1) return byInitials[0];
    var close = find(name).filter(function (h) { return !kind || INFO[h.id].type === kind; }).slice(0, 5)
      .map(function (h) { return INFO[h.id].label; });
    throw new NotFound(name, kind, close);
  }

  function gerunds(phrase) {
    var words = phrase.split(" ");
    if (!words[0]) return [];
    var verb = words[0], rest = words.slice(1), stems = [verb];
    if (/ies$/.test(verb)) stems.push(verb.slice(0, -3) + "y");
    else if (/es$/.test(verb)) stems.push(verb.slice(0, -2), verb.slice(0, -1));
    else if (/s$/.test(verb) && !/ss$/.test(verb)) stems.push(verb.slice(0, -1));
    var forms = [];
    stems.forEach(function (stem) {
      if (/ing$/.test(stem)) return;
      forms.push(stem + "ing", /e$/.test(stem) ? stem.slice(0, -1) + "ing" : "", stem + stem[stem.length - 1] + "ing");
    });
    var seen = new Set();
    return forms.filter(function (f) { if (!f || seen.has(f)) return false; seen.add(f); return true; })
      .map(function (f) { return [f].concat(rest).join(" "); });
  }

  function stripArticle(name) { return name.trim().replace(ARTICLE_RE, "").trim(); }
  function askRole(name) { return findNode(stripArticle(name), "role"); }
  function askSkill(phrase) {
    phrase = stripArticle(phrase).replace(DO_RE, "");
    var first = null;
    var forms = [phrase].concat(gerunds(phrase));
    for (var i = 0; i < forms.length; i++) {
      try { return findNode(forms[i], "skill"); } catch (err) { if (!(err instanceof NotFound)) throw err; first = first || err; }
    }
    throw first;
  }
  function askThing(name) {
    name = stripArticle(name);
    try { return findNode(name); } catch (err) {
      if (!(err instanceof NotFound)) throw err;
      try { return askSkill(name); } catch (err2) { throw err; }
    }
  }
  function roleAndSkill(words) {
    var tokens = words.split(" ");
    for (var cut = 1; cut < tokens.length; cut++) {
      var role;
      try { role = askRole(tokens.slice(0, cut).join(" ")); } catch (err) { if (err instanceof NotFound) continue; throw err; }
      try { return [role, askSkill(tokens.slice(cut).join(" "))]; } catch (err) { if (err instanceof NotFound) continue; throw err; }
    }
    askRole(tokens[0] || words);
    throw new NotUnderstood(words);
  }

  var ASK_READERS = {
    compare: function (g) {
      var stage = g.stage || g.stagename;
      return ["compare", [askRole(g.a), askRole(g.b)].concat(stage ? ["--stage", stage] : [])];
    },
    skills: function (g) { return ["skills", [askRole(g.a)]]; },
    companies: function (g) { return ["neighbors", [askRole(g.a), "--type", "company"]]; },
    tools: function (g) { return ["neighbors", [askRole(g.a), "--type", "tool"]]; },
    who_says: function (g) { return ["path", roleAndSkill(g.rest)]; },
    roles_doing: function (g) { return ["neighbors", [askSkill(g.skill), "--type", "role"]]; },
    path: function (g) { return ["path", [askThing(g.a), askThing(g.b)]]; },
  };

  function parseQuestion(question) {
    // {command, args} as kg ask reads it; throws NotUnderstood or NotFound
    var text = question.trim().split(/\s+/).join(" ").replace(DROP_RE, "").replace(/[?.! ]+$/, "").trim();
    for (var i = 0; i < ASK_PATTERNS.length; i++) {
      var m = ASK_PATTERNS[i].re.exec(text);
      if (m) {
        var groups = {};
        Object.keys(m.groups || {}).forEach(function (k) { if (m.groups[k] !== undefined) groups[k] = m.groups[k]; });
        var read = ASK_READERS[ASK_PATTERNS[i].query](groups);
        return { command: read[0], args: read[1] };
      }
    }
    throw new NotUnderstood(question.trim());
  }

  function shortestPath(a, b) {
    // over every edge, either way, as kg path
    var back = dict();
    back[a] = null;
    var queue = [a];
    while (queue.length) {
      var n = queue.shift();
      if (n === b) break;
      outEdges[n].concat(inEdges[n]).forEach(function (e) {
        var other = e.source === n ? e.target : e.source;
        if (!(other in back)) { back[other] = n; queue.push(other); }
      });
    }
    if (!(b in back)) return null;
    var path = [b];
    while (back[path[0]] !== null) path.unshift(back[path[0]]);
    return path;
  }

  function edgesBetween(x, y) {
    return outEdges[x].filter(function (e) { return e.target === y; }).concat(inEdges[x].filter(function (e) { return e.source === y; }));
  }

  function answerQuestion(question) {
    // read the question, show its answer in the side panel; the parsed query, or null
    var parsed;
    clear(body);
    delete body.dataset.node;
    body.dataset.answer = "";
    body.appendChild(el("h1", { text: question }));
    try { parsed = parseQuestion(question); } catch (err) {
      if (err instanceof NotFound) {
        body.appendChild(el("p", { cls: "hint", data: { problem: "not-found" }, text: "No " + (err.kind || "node") + " named “" +
          err.name + "”" + (err.suggestions.length ? "; did you mean: " + err.suggestions.join(", ") + "?" : ".") }));
      } else if (err instanceof NotUnderstood) {
        body.appendChild(el("p", { cls: "hint", data: { problem: "not-understood" }, text: "Questions read here: " +
          ASK.forms.map(function (f) { return "“" + f + "”"; }).join("; ") }));
      } else throw err;
      openPanel();
      return null;
    }
    body.dataset.answer = parsed.command;
    var readAs = el("p", { cls: "weight", data: { query: parsed.command + " " + parsed.args.join(" ") },
      text: "read as: kg " + parsed.command + " " + parsed.args.join(" ") });
    var args = parsed.args;
    if (parsed.command === "compare") {
      var stage = args.indexOf("--stage") >= 0 ? args[args.indexOf("--stage") + 1] : "";
      setCompare(args[0], args[1], stage);
      body.insertBefore(readAs, body.firstChild);
      body.insertBefore(el("h1", { text: question }), body.firstChild);
      return parsed;
    }
    body.appendChild(readAs);
    var toTarget = function (x) { return x.target; };
    if (parsed.command === "skills") {
      body.appendChild(edgeGroup("skills of " + label(args[0]), outEdges[args[0]].filter(function (e) { return e.relation === "has_skill"; }), toTarget));
    } else if (parsed.command === "neighbors") {
      var node = args[0], kind = args[2];
      var list = [], other = dict();
      outEdges[node].concat(inEdges[node]).forEach(function (e) {
        var o = e.source === node ? e.target : e.source;
        if (INFO[o].type === kind) { list.push(e); other[e.id] = o; }
      });
      body.appendChild(edgeGroup((TYPES[kind] ? TYPES[kind].name : kind) + " next to " + label(node), list, function (e) { return other[e.id]; }));
    } else if (parsed.command === "path") {
      var path = shortestPath(args[0], args[1]);
      if (!path) body.appendChild(el("p", { cls: "hint", text: label(args[0]) + " and " + label(args[1]) + " are not connected." }));
      else {
        path.slice(1).forEach(function (x, i) {
          body.appendChild(edgeGroup(label(path[i]) + " → " + label(x), edgesBetween(path[i], x), function () { return x; }));
        });
      }
    }
    openPanel();
    return parsed;
  }

  // ---------- the network ----------

  var progress = document.getElementById("progress");
  var bar = document.getElementById("progress-bar");

  state.minDegree = defaultMinDegree();
  if (visibility(null).size > DATA.overview.above) {
    // too many for one view: roles, tools and each role's strongest skills; the rest behind the toggles
    state.strongest = DATA.overview.strongest;
    state.minDegree = 1;  // the roles' strongest skills are the limit here, not a node's number of links
    Object.keys(TYPES).forEach(function (t) { state.types[t] = DATA.overview.types.indexOf(t) >= 0; });
  }
  buildLegend();
  render();

  performance.mark("kg:view-ready");
  var options = DATA.options;
  var steps = DATA.stabilization.filter(function (s) { return s[0] === null || shownNow.size <= s[0]; })[0];
  options.physics.stabilization.iterations = steps[1];
  options.interaction.hideEdgesOnDrag = options.interaction.hideEdgesOnZoom = shownNow.size > DATA.bigView;
  // the network gets only what is shown: hidden nodes cost nothing in layout and drawing
  var notHidden = function (item) { return !item.hidden; };
  network = new vis.Network(
    document.getElementById("graph"),
    { nodes: new vis.DataView(nodesDS, { filter: notHidden }), edges: new vis.DataView(edgesDS, { filter: notHidden }) },
    options
  );
  performance.mark("kg:network-created");

  function ready() {
    if (stabilised) return;
    stabilised = true;
    performance.mark("kg:stabilised");
    network.setOptions({ physics: { enabled: false } });
    progress.classList.add("done");
    // labels are measured when first drawn, so fit to them after one frame, then report ready
    network.once("afterDrawing", function () {
      network.fit({ nodes: Array.from(shownNow), animation: false });
      network.once("afterDrawing", function () {
        fitLabels();
        network.once("afterDrawing", function () {
          performance.mark("kg:drawn");
          window.kgReady = performance.now();
          document.documentElement.dataset.ready = "true";
        });
        network.redraw();
      });
      network.redraw();
    });
    network.redraw();
  }

  network.on("stabilizationProgress", function (p) { bar.style.width = (100 * p.iterations / p.total) + "%"; });
  network.once("stabilizationIterationsDone", ready);
  network.once("stabilized", ready);
  if (shownNow.size === 0) ready();

  network.on("click", function (params) {
    var shift = params.event && params.event.srcEvent && params.event.srcEvent.shiftKey;
    if (params.nodes.length) {
      var id = params.nodes[0];
      if (shift && INFO[id].type === "role") {
        if (!state.compare.a || state.compare.b) setCompare(id, "");
        else if (id !== state.compare.a) setCompare(state.compare.a, id);
        return;
      }
      select(id);
    } else if (state.selected) {
      deselect();
    }
  });

  network.on("zoom", scheduleLabels);
  network.on("dragEnd", scheduleLabels);
  network.on("animationFinished", scheduleLabels);
  network.on("hoverNode", function (params) {
    hovered = params.node;
    if (hiddenLabels.has(hovered)) render({ labels: true });
  });
  network.on("blurNode", function (params) {
    var was = hovered;
    hovered = null;
    if (hiddenLabels.has(was) || params.node !== was) render({ labels: true });
  });

  network.on("doubleClick", function (params) {
    if (params.nodes.length) focusOn(params.nodes[0]);
  });

  // for scripts and tests: read-only views and the same actions the controls use
  window.kg = {
    network: network,
    nodes: nodesDS,
    edges: edgesDS,
    state: state,
    shown: function () { return Array.from(shownNow); },
    find: find,
    choose: choose,
    setCompare: setCompare,
    compare: compareSets,
    view: function (name) { if (name) setView(name); return view; },
    matrix: matrixCellsShown,
    focus: function (id, depth) { focusOn(id, depth); },
    parse: function (q) {
      try { return parseQuestion(q); } catch (err) {
        if (err instanceof NotFound) return { notFound: err.name, suggestions: err.suggestions };
        if (err instanceof NotUnderstood) return { notUnderstood: err.question };
        throw err;
      }
    },
    ask: answerQuestion,
    labels: function () {
      // the labels drawn now: [{id, left, top, right, bottom}] in CSS pixels of the canvas
      return labelBoxes().filter(function (b) { return !hiddenLabels.has(b.id) || b.id === state.selected || b.id === hovered; });
    },
  };
  }
})();
