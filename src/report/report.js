// The stance report page. Written for this report, no library. Data comes from the JSON island
// #stance-data and reaches the page only through textContent and setAttribute of fixed names:
// no markup is ever parsed from data.
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('stance-data').textContent);
  var SVG = 'http://www.w3.org/2000/svg';
  var state = { scorer: D.default_scorer, order: 'clustered', minN: 2, cell: null, actor: null };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    setAttrs(e, attrs);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    setAttrs(e, attrs);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function setAttrs(e, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function fmt(x) { return x === null || x === undefined ? '–' : (x > 0 ? '+' : '') + x.toFixed(2); }
  function actor(i) { return D.actors[i]; }
  function label(i) { return actor(i).id; }

  // ColorBrewer RdBu ends (colour-blind safe): red for -1, near-white for 0, blue for +1.
  var NEG = [178, 24, 43], MID = [247, 247, 247], POS = [33, 102, 172];
  function colour(m) {
    var t = Math.max(-1, Math.min(1, m)), a = t < 0 ? NEG : POS, k = Math.abs(t);
    return 'rgb(' + [0, 1, 2].map(function (j) { return Math.round(MID[j] + k * (a[j] - MID[j])); }).join(',') + ')';
  }
  function opacity(n) { return n >= D.faded_below ? 1 : 0.25 + 0.75 * (n / D.faded_below); }

  // Layout of the page.
  var root = el('main', { id: 'report' });
  document.body.appendChild(root);
  var header = el('header');
  header.appendChild(el('h1', null, D.title));
  var controls = el('div', { 'class': 'controls' });
  header.appendChild(controls);
  root.appendChild(header);
  var note = el('p', { 'class': 'note', id: 'left-out' });
  root.appendChild(note);
  var grid = el('div', { 'class': 'grid' });
  root.appendChild(grid);
  var heatSection = section('heatmap', 'Matrix (source rows → target columns)');
  var cellSection = section('cell-panel', 'Cell');
  var actorSection = section('actor-panel', 'Actor');
  var netSection = section('network', 'Signed network');
  var summarySection = section('summary', 'Run summary');
  grid.appendChild(heatSection);
  var side = el('div', { 'class': 'side' });
  side.appendChild(cellSection);
  side.appendChild(actorSection);
  grid.appendChild(side);
  root.appendChild(netSection);
  root.appendChild(summarySection);
  cellSection.setAttribute('aria-live', 'polite');

  function section(id, title) {
    var s = el('section', { id: id });
    s.appendChild(el('h2', null, title));
    s.appendChild(el('div', { 'class': 'body' }));
    return s;
  }
  function body(s) { return s.querySelector('.body'); }

  // Controls: scorer, order, minimum n of the network.
  var scorerPick = el('select', { id: 'scorer', 'aria-label': 'Scorer' });
  D.scorers.forEach(function (name, i) {
    var o = el('option', { value: i }, name);
    if (i === state.scorer) o.selected = true;
    scorerPick.appendChild(o);
  });
  var orderPick = el('select', { id: 'order', 'aria-label': 'Order of rows and columns' });
  [['clustered', 'clustered'], ['alphabetical', 'alphabetical']].forEach(function (p) {
    orderPick.appendChild(el('option', { value: p[0] }, p[1]));
  });
  var minPick = el('input', { id: 'min-n', type: 'number', min: 1, value: state.minN, 'aria-label': 'Minimum n of a network edge' });
  controls.appendChild(labelled('Scorer ', scorerPick));
  controls.appendChild(labelled('Order ', orderPick));
  controls.appendChild(labelled('Network: edges with n ≥ ', minPick));
  function labelled(text, input) { var l = el('label', null, text); l.appendChild(input); return l; }
  scorerPick.addEventListener('change', function () { state.scorer = +scorerPick.value; state.cell = null; drawAll(); });
  orderPick.addEventListener('change', function () { state.order = orderPick.value; drawHeatmap(); });
  minPick.addEventListener('change', function () { state.minN = Math.max(1, +minPick.value || 1); drawNetwork(); });

  if (D.left_out.actors > 0) {
    note.textContent = 'Showing the ' + D.actors.length + ' most active actors; ' + D.left_out.actors +
      ' more were left out (' + D.left_out.cells + ' cells, ' + D.left_out.scores + ' scores), the most active of them: ' +
      D.left_out.examples.join(', ') + '. Raise --report-actors to show more.';
  } else {
    note.textContent = 'All ' + D.actors.length + ' actors with a score are shown; up to ' + D.top_k + ' evidence sentences per cell.';
  }

  function cellsOf(s) { return D.cells[s]; }
  function cellMap(s) {
    var m = {};
    cellsOf(s).forEach(function (c) { m[c[0] + ',' + c[1]] = c; });
    return m;
  }

  // The heatmap: one rect per cell, focusable, opened by click, Enter or Space; arrows move.
  var focus = { r: 0, c: 0 };
  function drawHeatmap() {
    var b = body(heatSection);
    clear(b);
    var o = D.orders[state.scorer];
    var rows = state.order === 'clustered' ? o.rows_clustered : o.rows_alphabetical;
    var cols = state.order === 'clustered' ? o.cols_clustered : o.cols_alphabetical;
    if (!rows.length) { b.appendChild(el('p', null, 'No cell has a ' + D.scorers[state.scorer] + ' score.')); return; }
    var m = cellMap(state.scorer);
    var longest = function (ids) { return ids.reduce(function (a, i) { return Math.max(a, label(i).length); }, 4); };
    var size = rows.length > 40 || cols.length > 40 ? 14 : 22;
    var left = 14 + 8 * Math.min(longest(rows), 28), top = 20 + 7 * Math.min(longest(cols), 28);
    // The last column's label leans right past the grid by half its length.
    var w = left + size * cols.length + 10 + 4 * Math.min(longest(cols), 28), h = top + size * rows.length + 10;
    var s = svg('svg', { width: w, height: h, viewBox: '0 0 ' + w + ' ' + h, role: 'grid', 'aria-label': 'Heatmap of ' + D.scorers[state.scorer], 'class': 'heat' });
    cols.forEach(function (a, j) {
      var t = svg('text', { x: 0, y: 0, transform: 'translate(' + (left + size * j + size / 2 + 3) + ',' + (top - 4) + ') rotate(-60)', 'class': 'axis', 'data-actor': a }, label(a));
      t.addEventListener('click', function () { showActor(a); });
      s.appendChild(t);
    });
    rows.forEach(function (a, i) {
      var t = svg('text', { x: left - 4, y: top + size * i + size * 0.7, 'text-anchor': 'end', 'class': 'axis', 'data-actor': a }, label(a));
      t.addEventListener('click', function () { showActor(a); });
      s.appendChild(t);
      var row = svg('g', { role: 'row' });
      cols.forEach(function (b2, j) {
        var c = m[a + ',' + b2];
        var x = left + size * j, y = top + size * i;
        if (!c) {
          row.appendChild(svg('rect', { x: x, y: y, width: size - 1, height: size - 1, 'class': 'empty' }));
          return;
        }
        var r = svg('rect', {
          x: x, y: y, width: size - 1, height: size - 1, fill: colour(c[3]), 'fill-opacity': opacity(c[2]),
          'class': 'cell', role: 'gridcell', tabindex: -1, 'data-row': i, 'data-col': j,
          'data-source': label(a), 'data-target': label(b2),
          'aria-label': label(a) + ' toward ' + label(b2) + ': mean ' + fmt(c[3]) + ', n ' + c[2]
        });
        r.appendChild(svg('title', null, label(a) + ' → ' + label(b2) + '\nmean ' + fmt(c[3]) + ', n = ' + c[2] +
          (c[2] < D.faded_below ? ' (few scores: faded)' : '')));
        r.addEventListener('click', function () { openCell(c, r); });
        row.appendChild(r);
      });
      s.appendChild(row);
    });
    s.addEventListener('keydown', function (ev) { keyMove(ev, s, rows.length, cols.length); });
    b.appendChild(s);
    b.appendChild(legend());
    var first = s.querySelector('rect.cell');
    if (first) first.setAttribute('tabindex', 0);
  }

  function keyMove(ev, s, nr, nc) {
    var cur = ev.target;
    if (!cur.classList || !cur.classList.contains('cell')) return;
    var r = +cur.getAttribute('data-row'), c = +cur.getAttribute('data-col');
    var step = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[ev.key];
    if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); cur.dispatchEvent(new MouseEvent('click')); return; }
    if (!step) return;
    ev.preventDefault();
    // The next non-empty cell in that direction.
    for (var k = 1; k < Math.max(nr, nc); k++) {
      var rr = r + step[0] * k, cc = c + step[1] * k;
      if (rr < 0 || cc < 0 || rr >= nr || cc >= nc) break;
      var next = s.querySelector('rect.cell[data-row="' + rr + '"][data-col="' + cc + '"]');
      if (next) {
        cur.setAttribute('tabindex', -1);
        next.setAttribute('tabindex', 0);
        next.focus();
        return;
      }
    }
  }

  function legend() {
    var s = svg('svg', { width: 260, height: 34, 'class': 'legend', 'aria-label': 'Colour scale from -1 to +1' });
    for (var i = 0; i <= 20; i++) {
      s.appendChild(svg('rect', { x: 10 + i * 11, y: 4, width: 11, height: 12, fill: colour(-1 + i / 10) }));
    }
    s.appendChild(svg('text', { x: 10, y: 30 }, '−1'));
    s.appendChild(svg('text', { x: 120, y: 30 }, '0'));
    s.appendChild(svg('text', { x: 225, y: 30 }, '+1'));
    return s;
  }

  // A cell: its numbers, its evidence with the scope marked, and its time line.
  function openCell(c, rect) {
    state.cell = c;
    Array.prototype.forEach.call(document.querySelectorAll('rect.cell.selected'), function (x) { x.classList.remove('selected'); });
    if (rect) rect.classList.add('selected');
    var b = body(cellSection);
    clear(b);
    var h = el('h3', { id: 'cell-title' });
    h.appendChild(actorLink(c[0]));
    h.appendChild(document.createTextNode(' → '));
    h.appendChild(actorLink(c[1]));
    b.appendChild(h);
    var dl = el('dl', { 'class': 'numbers' });
    [['scorer', D.scorers[state.scorer]], ['mean', fmt(c[3])], ['n', c[2]],
     ['95% interval', c[4] === null ? 'needs n ≥ 2' : fmt(c[4]) + ' to ' + fmt(c[5])]].forEach(function (p) {
      dl.appendChild(el('dt', null, p[0]));
      dl.appendChild(el('dd', { 'data-field': p[0] }, p[1]));
    });
    b.appendChild(dl);
    b.appendChild(el('h4', null, 'Strongest evidence (' + c[6].length + ' of ' + c[2] + ')'));
    var ol = el('ol', { 'class': 'evidence' });
    c[6].forEach(function (pair) {
      var e = D.evidence[pair[0]], doc = D.docs[e[0]];
      var li = el('li');
      var q = el('blockquote', { 'class': 'sentence' });
      q.appendChild(document.createTextNode(e[2]));
      q.appendChild(el('mark', { 'class': 'scope', title: 'the scope the scorers read' }, e[3]));
      q.appendChild(document.createTextNode(e[4]));
      li.appendChild(q);
      var meta = el('p', { 'class': 'meta' });
      meta.appendChild(el('span', { 'class': 'score' }, 'score ' + fmt(pair[1])));
      meta.appendChild(el('span', { 'class': 'rule', 'data-rule': e[5] }, 'rule ' + e[5] + ' (' + e[6] + ' words)' + (e[7] ? ', CAMEO ' + e[7] : '')));
      meta.appendChild(el('span', { 'class': 'doc-id' }, doc[0]));
      if (doc[1]) meta.appendChild(el('span', null, doc[1]));
      if (doc[2]) meta.appendChild(el('cite', null, doc[2]));
      meta.appendChild(el('span', null, 'sentence ' + e[1]));
      li.appendChild(meta);
      ol.appendChild(li);
    });
    b.appendChild(ol);
    if (D.by) b.appendChild(timeline(c));
  }

  function actorLink(i) {
    var a = el('button', { type: 'button', 'class': 'link', 'data-actor': i }, label(i));
    a.addEventListener('click', function () { showActor(i); });
    return a;
  }

  // The dyad's mean per period, dots sized by n.
  function timeline(c) {
    var wrap = el('div', { 'class': 'timeline' });
    wrap.appendChild(el('h4', null, 'By ' + D.by + ': mean and n per period'));
    var line = (D.series[state.scorer] || []).filter(function (s) { return s[0] === c[0] && s[1] === c[1]; })[0];
    if (!line || !D.periods.length) { wrap.appendChild(el('p', null, 'No period holds this dyad.')); return wrap; }
    var w = 340, h = 150, pad = 28, np = D.periods.length;
    var x = function (p) { return pad + (np < 2 ? (w - 2 * pad) / 2 : p * (w - 2 * pad) / (np - 1)); };
    var y = function (m) { return h / 2 - m * (h / 2 - 16); };
    var s = svg('svg', { width: w, height: h + 20, viewBox: '0 0 ' + w + ' ' + (h + 20), 'aria-label': 'Time line' });
    s.appendChild(svg('line', { x1: pad, x2: w - pad, y1: y(0), y2: y(0), 'class': 'zero' }));
    s.appendChild(svg('text', { x: 2, y: y(1) + 4 }, '+1'));
    s.appendChild(svg('text', { x: 2, y: y(-1) + 4 }, '−1'));
    var pts = line[2].map(function (p) { return x(p[0]) + ',' + y(p[2]); }).join(' ');
    s.appendChild(svg('polyline', { points: pts, 'class': 'trend' }));
    var maxN = line[2].reduce(function (a, p) { return Math.max(a, p[1]); }, 1);
    line[2].forEach(function (p) {
      var dot = svg('circle', { cx: x(p[0]), cy: y(p[2]), r: 2.5 + 5 * Math.sqrt(p[1] / maxN), fill: colour(p[2]), 'class': 'dot' });
      dot.appendChild(svg('title', null, D.periods[p[0]] + ': mean ' + fmt(p[2]) + ', n = ' + p[1]));
      s.appendChild(dot);
    });
    // Every period's label when they fit, else the first and the last.
    var shown = np <= 6 ? D.periods.map(function (_, i) { return i; }) : [0, np - 1];
    shown.forEach(function (i) {
      s.appendChild(svg('text', { x: x(i), y: h + 16, 'text-anchor': 'middle' }, D.periods[i]));
    });
    wrap.appendChild(s);
    return wrap;
  }

  // An actor: its row and column side by side (as `stance compare`), aliases and documents.
  function showActor(i) {
    state.actor = i;
    var b = body(actorSection);
    clear(b);
    var a = actor(i);
    b.appendChild(el('h3', { id: 'actor-title' }, a.id + ' — ' + a.name + ' (' + a.kind + ')'));
    if (a.aliases.length) b.appendChild(el('p', { 'class': 'aliases' }, 'Aliases: ' + a.aliases.join('; ')));
    var m = cellMap(state.scorer), others = {};
    cellsOf(state.scorer).forEach(function (c) {
      if (c[0] === i) others[c[1]] = true;
      if (c[1] === i) others[c[0]] = true;
    });
    var ids = Object.keys(others).map(Number).sort(function (x, y) { return label(x) < label(y) ? -1 : 1; });
    var t = el('table', { 'class': 'profile' });
    var head = el('tr');
    ['other actor', a.id + ' → other (mean, n)', 'other → ' + a.id + ' (mean, n)'].forEach(function (x) { head.appendChild(el('th', { scope: 'col' }, x)); });
    t.appendChild(head);
    ids.forEach(function (o) {
      var tr = el('tr');
      var th = el('th', { scope: 'row' });
      th.appendChild(actorLink(o));
      tr.appendChild(th);
      [m[i + ',' + o], m[o + ',' + i]].forEach(function (c) {
        var td = el('td', null, c ? fmt(c[3]) + ' (' + c[2] + ')' : '');
        if (c) { td.setAttribute('class', 'value'); td.addEventListener('click', function () { openCell(c, null); }); }
        tr.appendChild(td);
      });
      t.appendChild(tr);
    });
    if (ids.length) b.appendChild(t); else b.appendChild(el('p', null, 'No cell for this scorer.'));
    if (a.doc_count) {
      b.appendChild(el('h4', null, 'Documents (' + a.docs.length + ' of ' + a.doc_count + ')'));
      var ul = el('ul', { 'class': 'docs' });
      a.docs.forEach(function (d) {
        var doc = D.docs[d];
        ul.appendChild(el('li', null, doc[0] + (doc[1] ? ' · ' + doc[1] : '') + (doc[2] ? ' · ' + doc[2] : '')));
      });
      b.appendChild(ul);
    }
  }

  // The signed network: a force layout, edges coloured by sign and as wide as log n.
  function drawNetwork() {
    var b = body(netSection);
    clear(b);
    var edges = cellsOf(state.scorer).filter(function (c) {
      return c[2] >= state.minN && actor(c[0]).id !== '@author' && c[0] !== c[1];
    });
    var used = {};
    edges.forEach(function (c) { used[c[0]] = true; used[c[1]] = true; });
    var nodes = Object.keys(used).map(Number);
    b.appendChild(el('p', { 'class': 'note' }, edges.length + ' edges with n ≥ ' + state.minN + ' among ' + nodes.length +
      ' actors (@author left out); blue positive, red negative, width grows with n.'));
    if (!nodes.length) return;
    var W = 760, H = 520, pos = {}, k = Math.sqrt(W * H / nodes.length) * 0.6;
    nodes.forEach(function (n, j) {
      var t = 2 * Math.PI * j / nodes.length;
      pos[n] = { x: W / 2 + W / 3 * Math.cos(t), y: H / 2 + H / 3 * Math.sin(t), dx: 0, dy: 0 };
    });
    // Fruchterman-Reingold, a fixed number of cooling steps: the same data draws the same picture.
    // Dense graphs pull weaker per edge, or they collapse into a knot.
    var att = Math.min(1, 2 * nodes.length / edges.length);
    for (var it = 0, temp = W / 10; it < 250; it++, temp *= 0.985) {
      nodes.forEach(function (v) { pos[v].dx = 0; pos[v].dy = 0; });
      for (var i = 0; i < nodes.length; i++) {
        for (var j = i + 1; j < nodes.length; j++) {
          var p = pos[nodes[i]], q = pos[nodes[j]], dx = p.x - q.x, dy = p.y - q.y;
          var d = Math.max(0.01, Math.sqrt(dx * dx + dy * dy)), f = k * k / d;
          p.dx += dx / d * f; p.dy += dy / d * f; q.dx -= dx / d * f; q.dy -= dy / d * f;
        }
      }
      edges.forEach(function (c) {
        var p = pos[c[0]], q = pos[c[1]], dx = p.x - q.x, dy = p.y - q.y;
        var d = Math.max(0.01, Math.sqrt(dx * dx + dy * dy)), f = att * d * d / k;
        p.dx -= dx / d * f; p.dy -= dy / d * f; q.dx += dx / d * f; q.dy += dy / d * f;
      });
      nodes.forEach(function (v) {
        var p = pos[v], d = Math.max(0.01, Math.sqrt(p.dx * p.dx + p.dy * p.dy)), s = Math.min(d, temp) / d;
        p.x = Math.max(40, Math.min(W - 40, p.x + p.dx * s));
        p.y = Math.max(20, Math.min(H - 20, p.y + p.dy * s));
      });
    }
    // Stretch the layout to fill the picture, leaving room for the labels.
    var xs = nodes.map(function (v) { return pos[v].x; }), ys = nodes.map(function (v) { return pos[v].y; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs), y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    nodes.forEach(function (v) {
      pos[v].x = 30 + (x1 > x0 ? (pos[v].x - x0) / (x1 - x0) : 0.5) * (W - 130);
      pos[v].y = 20 + (y1 > y0 ? (pos[v].y - y0) / (y1 - y0) : 0.5) * (H - 40);
    });
    var s = svg('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, 'class': 'net', 'aria-label': 'Signed network' });
    var maxN = edges.reduce(function (a, c) { return Math.max(a, c[2]); }, 1);
    edges.forEach(function (c) {
      var p = pos[c[0]], q = pos[c[1]];
      // Bend each direction to its own side, so A→B and B→A both show.
      var mx = (p.x + q.x) / 2 + (q.y - p.y) * 0.12, my = (p.y + q.y) / 2 - (q.x - p.x) * 0.12;
      var e = svg('path', {
        d: 'M' + p.x + ',' + p.y + ' Q' + mx + ',' + my + ' ' + q.x + ',' + q.y,
        stroke: colour(c[3] >= 0 ? Math.max(0.5, c[3]) : Math.min(-0.5, c[3])),
        'stroke-width': 1 + 5 * Math.log(1 + c[2]) / Math.log(1 + maxN), 'class': 'edge'
      });
      e.appendChild(svg('title', null, label(c[0]) + ' → ' + label(c[1]) + ': mean ' + fmt(c[3]) + ', n = ' + c[2]));
      e.addEventListener('click', function () { openCell(c, null); });
      s.appendChild(e);
    });
    nodes.forEach(function (v) {
      var g = svg('g', { 'class': 'node', tabindex: 0, 'data-actor': v });
      g.appendChild(svg('circle', { cx: pos[v].x, cy: pos[v].y, r: 5 }));
      g.appendChild(svg('text', { x: pos[v].x + 7, y: pos[v].y + 4 }, label(v)));
      g.addEventListener('click', function () { showActor(v); });
      g.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') showActor(v); });
      s.appendChild(g);
    });
    b.appendChild(s);
  }

  // The run: counts that add up, skip reasons, settings.
  function drawSummary() {
    var b = body(summarySection);
    clear(b);
    var st = D.summary.stats;
    var t = el('table', { 'class': 'stats' });
    [['documents read', st.documents_read], ['documents scored', st.documents_scored], ['documents skipped', st.documents_skipped],
     ['file problems', st.file_problems], ['documents without a date', st.documents_undated], ['sentences', st.sentences],
     ['actor mentions', st.mentions], ['attributions', st.attributions], ['input bytes', st.bytes]].forEach(function (p) {
      var tr = el('tr');
      tr.appendChild(el('th', { scope: 'row' }, p[0]));
      tr.appendChild(el('td', null, p[1]));
      t.appendChild(tr);
    });
    b.appendChild(t);
    if (D.summary.skipped.length) {
      b.appendChild(el('h4', null, 'Why records were skipped'));
      var ul = el('ul', { 'class': 'skips' });
      D.summary.skipped.forEach(function (s) { ul.appendChild(el('li', null, s[1] + ' × ' + s[0] + ' (first at ' + s[2] + ')')); });
      if (D.summary.skipped_other) ul.appendChild(el('li', null, D.summary.skipped_other + ' more, for other reasons'));
      b.appendChild(ul);
    }
    var dl = el('dl', { 'class': 'settings' });
    D.summary.settings.concat([['written by', D.generator]]).forEach(function (p) {
      dl.appendChild(el('dt', null, p[0]));
      dl.appendChild(el('dd', null, p[1]));
    });
    b.appendChild(dl);
  }

  function drawAll() {
    drawHeatmap();
    drawPanels();
    drawNetwork();
  }
  function drawPanels() {
    clear(body(cellSection));
    body(cellSection).appendChild(el('p', { 'class': 'hint' }, 'Click a cell (or focus one and press Enter) to see its evidence.'));
    if (state.actor !== null) showActor(state.actor); else body(actorSection).appendChild(el('p', { 'class': 'hint' }, 'Click an actor name to see its row and column.'));
  }
  // The heatmap first; the network's layout and the summary in a later task, so the page
  // paints without waiting for them.
  drawHeatmap();
  drawPanels();
  setTimeout(function () {
    drawNetwork();
    drawSummary();
    document.body.setAttribute('data-ready', '1');
  }, 0);
})();
