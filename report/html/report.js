// srmscan HTML report: the findings table. The report's JSON is read from
// the page; every value from the account reaches the DOM through
// textContent, an Option's text or a property, never through HTML parsing.
(function () {
  'use strict';

  // Marks and measures let a reader (and the browser test) see where load
  // time goes: parsing the data, the first rows, each filter applied.
  function mark(name) { if (window.performance && performance.mark) performance.mark(name); }

  var report = JSON.parse(document.getElementById('srm-report').textContent);
  var vocab = JSON.parse(document.getElementById('srm-vocabulary').textContent);
  var F = report.findings || [];
  mark('srm:data');

  // Filter keys as they appear in the URL fragment, and the finding field
  // each one reads.
  var KEYS = ['status', 'severity', 'category', 'shared_control', 'domain', 'service', 'region'];
  var FIELD = {
    status: 'status', severity: 'severity', category: 'control_category', shared_control: 'shared_control',
    domain: 'domain', service: 'service', region: 'region'
  };
  var VOCAB = {
    status: vocab.statuses, severity: vocab.severities, category: vocab.control_categories,
    shared_control: vocab.shared_controls, domain: vocab.domains, service: vocab.services
  };
  var CHUNK = 100;

  var labels = {}, rank = {};
  KEYS.forEach(function (k) {
    labels[k] = {};
    rank[k] = {};
    (VOCAB[k] || []).forEach(function (v, i) {
      labels[k][v.id] = v.label;
      rank[k][v.id] = i;
    });
  });
  var modelLabels = {};
  vocab.service_models.forEach(function (v) { modelLabels[v.id] = v.label; });

  function value(f, k) {
    var v = f[FIELD[k]];
    if (k === 'region' && !v) return 'global';
    return v || '';
  }
  function label(k, id) {
    return labels[k][id] || (k === 'service' ? id.toUpperCase() : id);
  }
  // A class name is only ever built from a known vocabulary id.
  function known(k, id) { return Object.prototype.hasOwnProperty.call(rank[k], id) ? id : 'other'; }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function fmt(n) { return n.toLocaleString('en-US'); }
  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  function ord(k, id) { var r = rank[k][id]; return r === undefined ? 99 : r; }

  // Sorts: each gives the most useful order first (failures, most severe)
  // and breaks ties the same way, so the order is stable across reloads.
  function tie(a, b) {
    return ord('severity', a.severity) - ord('severity', b.severity) || cmp(a.title, b.title) ||
      cmp(a.resource_arn, b.resource_arn) || cmp(a.fingerprint, b.fingerprint);
  }
  var SORTS = {
    status: function (a, b) { return ord('status', a.status) - ord('status', b.status) || tie(a, b); },
    severity: function (a, b) { return ord('severity', a.severity) - ord('severity', b.severity) || ord('status', a.status) - ord('status', b.status) || tie(a, b); },
    title: function (a, b) { return cmp(a.title, b.title) || ord('status', a.status) - ord('status', b.status) || tie(a, b); },
    resource: function (a, b) { return cmp(a.resource_arn, b.resource_arn) || tie(a, b); },
    region: function (a, b) { return cmp(a.region || '', b.region || '') || ord('status', a.status) - ord('status', b.status) || tie(a, b); },
    service: function (a, b) { return cmp(a.service, b.service) || ord('status', a.status) - ord('status', b.status) || tie(a, b); },
    control: function (a, b) {
      return ord('category', a.control_category) - ord('category', b.control_category) ||
        cmp(a.shared_control || a.domain, b.shared_control || b.domain) || ord('status', a.status) - ord('status', b.status) || tie(a, b);
    }
  };

  // The view: filters, search and sort, mirrored in the URL fragment.
  var state;
  function readHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ''));
    var s = { f: {}, q: (p.get('q') || '').trim(), check: (p.get('check') || '').trim(), sort: 'status', dir: 1 };
    KEYS.forEach(function (k) { var v = p.get(k); if (v) s.f[k] = v; });
    var so = p.get('sort') || '';
    if (so.charAt(0) === '-') { s.dir = -1; so = so.slice(1); }
    if (SORTS[so]) s.sort = so; else s.dir = 1;
    return s;
  }
  function hashOf(s) {
    var parts = [];
    KEYS.forEach(function (k) { if (s.f[k]) parts.push(k + '=' + encodeURIComponent(s.f[k])); });
    if (s.check) parts.push('check=' + encodeURIComponent(s.check));
    if (s.q) parts.push('q=' + encodeURIComponent(s.q));
    if (s.sort !== 'status' || s.dir !== 1) parts.push('sort=' + (s.dir < 0 ? '-' : '') + s.sort);
    return parts.length ? '#' + parts.join('&') : '';
  }
  function writeHash() {
    var h = hashOf(state);
    if (h === location.hash || (h === '' && location.hash.length <= 1)) return;
    try {
      history.replaceState(null, '', h || location.pathname + location.search);
    } catch (e) {
      // Some browsers refuse the History API on file: URLs; this works
      // everywhere, and the hashchange it fires is recognised and ignored.
      selfHash = h || '#';
      location.replace(selfHash);
    }
  }

  // Search text, built on first use: most views never search.
  var hay = null;
  function haystack(i) {
    if (!hay) hay = new Array(F.length);
    var h = hay[i];
    if (h === undefined) {
      var f = F[i];
      h = [f.title, f.message, f.check_id, f.resource_arn, f.resource_type, f.region, f.service, f.fingerprint,
        f.shared_control, f.domain, f.evidence ? JSON.stringify(f.evidence) : ''].join('\n').toLowerCase();
      hay[i] = h;
    }
    return h;
  }

  var view = [], shown = 0, facets = {}, open = Object.create(null), selfHash = null;

  // One pass finds the matching findings and, for every filter, how many
  // findings would match if that filter alone were changed.
  function compute() {
    var active = KEYS.filter(function (k) { return state.f[k]; });
    var q = state.q.toLowerCase();
    facets = {};
    KEYS.forEach(function (k) { facets[k] = Object.create(null); });
    var out = [];
    // A compliance control's link narrows the table to its checks.
    var only = null;
    if (state.check) {
      only = Object.create(null);
      state.check.split(',').forEach(function (id) { only[id] = true; });
    }
    for (var i = 0; i < F.length; i++) {
      var f = F[i];
      if (only && !only[f.check_id]) continue;
      if (q && haystack(i).indexOf(q) < 0) continue;
      var miss = null, misses = 0;
      for (var j = 0; j < active.length; j++) {
        if (value(f, active[j]) !== state.f[active[j]]) { miss = active[j]; if (++misses > 1) break; }
      }
      if (misses > 1) continue;
      for (var m = 0; m < KEYS.length; m++) {
        var k = KEYS[m];
        if (misses === 0 || k === miss) {
          var v = value(f, k);
          facets[k][v] = (facets[k][v] || 0) + 1;
        }
      }
      if (misses === 0) out.push(i);
    }
    var by = SORTS[state.sort], dir = state.dir;
    out.sort(function (a, b) { return dir * by(F[a], F[b]) || a - b; });
    view = out;
  }

  var rows = document.getElementById('rows');
  var more = document.getElementById('more');
  var count = document.getElementById('count');

  function badge(k, id, cls) {
    var s = el('span', cls + ' ' + cls + '-' + known(k, id), label(k, id));
    return s;
  }
  function shortResource(arn) {
    var m = /[:/]([^:/]+)$/.exec(arn || '');
    return m ? m[1] : (arn || '');
  }

  function row(i) {
    var f = F[i];
    var tr = el('tr', 'r');
    tr.dataset.i = String(i);
    tr.dataset.fp = f.fingerprint;
    var x = el('td', 'x');
    var b = el('button', 'exp', '');
    b.type = 'button';
    b.setAttribute('aria-expanded', open[i] ? 'true' : 'false');
    b.setAttribute('aria-label', 'Details');
    x.appendChild(b);
    tr.appendChild(x);
    var st = el('td', 'c-status');
    st.appendChild(badge('status', f.status, 'st'));
    tr.appendChild(st);
    var sv = el('td', 'c-sev');
    sv.appendChild(el('span', 'sevdot sv-' + known('severity', f.severity)));
    sv.appendChild(document.createTextNode(label('severity', f.severity)));
    tr.appendChild(sv);
    var t = el('td', 'c-title');
    t.appendChild(el('div', 't', f.title));
    t.appendChild(el('div', 'm', f.message));
    tr.appendChild(t);
    var r = el('td', 'c-res mono', shortResource(f.resource_arn));
    r.title = f.resource_arn || '';
    tr.appendChild(r);
    tr.appendChild(el('td', 'c-region', value(f, 'region')));
    var s = el('td', 'c-svc', label('service', f.service || ''));
    s.appendChild(el('small', null, modelLabels[f.service_model] || f.service_model));
    tr.appendChild(s);
    var c = el('td', 'c-ctl');
    c.appendChild(badge('category', f.control_category, 'cat'));
    c.appendChild(el('small', null, f.shared_control ? label('shared_control', f.shared_control) : label('domain', f.domain)));
    tr.appendChild(c);
    return tr;
  }

  function section(parent, title) {
    var d = el('div', 'd-sec');
    d.appendChild(el('h4', null, title));
    parent.appendChild(d);
    return d;
  }
  function kv(dl, k, v, cls) {
    dl.appendChild(el('dt', null, k));
    dl.appendChild(el('dd', cls, v));
  }
  function show(v) {
    if (typeof v === 'string') return v;
    return JSON.stringify(v, null, 1);
  }

  function detail(i) {
    var f = F[i];
    var tr = el('tr', 'detail');
    tr.dataset.for = String(i);
    var td = el('td');
    td.colSpan = 8;
    var g = el('div', 'd-grid');
    var left = el('div', 'd-col');
    var right = el('div', 'd-col');
    g.appendChild(left);
    g.appendChild(right);

    var what = section(left, 'Finding');
    what.appendChild(el('p', 'd-msg', f.message));
    var dl = el('dl', 'kv');
    kv(dl, 'Resource', f.resource_arn, 'mono');
    kv(dl, 'Type', f.resource_type, 'mono');
    kv(dl, 'Account', f.account_id, 'mono');
    kv(dl, 'Region', value(f, 'region'));
    kv(dl, 'Check', f.check_id, 'mono');
    kv(dl, 'Responsibility', label('category', f.control_category) +
      (f.shared_control ? ' · ' + label('shared_control', f.shared_control) : '') + ' · ' + label('domain', f.domain) +
      ' · ' + (modelLabels[f.service_model] || f.service_model) + ' service');
    kv(dl, 'Fingerprint', f.fingerprint, 'mono');
    what.appendChild(dl);

    var ev = section(left, 'Evidence');
    var keys = f.evidence ? Object.keys(f.evidence).sort() : [];
    if (keys.length) {
      var edl = el('dl', 'kv evidence');
      keys.forEach(function (k) { kv(edl, k, show(f.evidence[k]), 'mono'); });
      ev.appendChild(edl);
    } else {
      ev.appendChild(el('p', 'dim', 'None recorded.'));
    }

    if (f.attestation) {
      var at = section(left, f.attestation.state === 'attested' ? 'Attested' : 'Attestation expired');
      var adl = el('dl', 'kv');
      kv(adl, 'By', f.attestation.attested_by);
      kv(adl, 'On', f.attestation.date);
      kv(adl, f.attestation.state === 'attested' ? 'Until' : 'Ran to', f.attestation.expires);
      kv(adl, 'Evidence', f.attestation.evidence);
      kv(adl, 'Source', f.attestation.source, 'mono');
      at.appendChild(adl);
    }

    var rem = f.remediation || {};
    var fix = section(right, 'Remediation');
    fix.appendChild(el('p', null, rem.text || '—'));
    if (rem.console) {
      fix.appendChild(el('h5', null, 'Console'));
      fix.appendChild(el('p', null, rem.console));
    }
    if (rem.cli) {
      fix.appendChild(el('h5', null, 'CLI'));
      var pre = el('pre');
      pre.appendChild(el('code', null, rem.cli));
      fix.appendChild(pre);
    }
    var refs = f.references || [];
    if (refs.length) {
      var rs = section(right, 'References');
      var ul = el('ul', 'refs');
      refs.forEach(function (ref) {
        var li = el('li');
        // Only plain https links become links: a reference can never run
        // script (javascript:) or reach another scheme.
        if (/^https:\/\/[^\s]+$/.test(ref)) {
          var a = el('a', null, ref);
          a.href = ref;
          a.rel = 'noopener noreferrer';
          a.target = '_blank';
          li.appendChild(a);
        } else {
          li.textContent = ref;
        }
        ul.appendChild(li);
      });
      rs.appendChild(ul);
    }
    td.appendChild(g);
    tr.appendChild(td);
    return tr;
  }

  function renderMore() {
    var end = Math.min(view.length, shown + CHUNK);
    var frag = document.createDocumentFragment();
    for (var n = shown; n < end; n++) {
      var i = view[n];
      frag.appendChild(row(i));
      if (open[i]) frag.appendChild(detail(i));
    }
    rows.appendChild(frag);
    shown = end;
    var left = view.length - shown;
    more.hidden = left <= 0;
    more.textContent = 'Show ' + fmt(Math.min(CHUNK, left)) + ' more (' + fmt(left) + ' not shown)';
    count.dataset.shown = String(shown);
  }

  function render() {
    rows.textContent = '';
    shown = 0;
    if (!view.length) {
      var tr = el('tr', 'empty');
      var td = el('td', null, F.length ? 'No finding matches these filters.' : 'This scan produced no findings.');
      td.colSpan = 8;
      tr.appendChild(td);
      rows.appendChild(tr);
    }
    renderMore();
    count.dataset.matching = String(view.length);
    count.textContent = '';
    count.appendChild(el('b', null, fmt(view.length)));
    count.appendChild(document.createTextNode(view.length === F.length ?
      ' finding' + (F.length === 1 ? '' : 's') :
      ' of ' + fmt(F.length) + ' findings match'));
  }

  // Controls.
  var form = document.getElementById('filters');
  var selects = {};
  ['category', 'shared_control', 'domain', 'service', 'region'].forEach(function (k) {
    selects[k] = document.getElementById('f-' + k);
  });
  var chipBoxes = { status: document.getElementById('f-status'), severity: document.getElementById('f-severity') };
  var search = document.getElementById('f-q');
  var checkFilter = document.getElementById('f-check');

  // Every value that occurs, in vocabulary order first, then by name.
  var values = {};
  KEYS.forEach(function (k) {
    var seen = Object.create(null);
    (VOCAB[k] || []).forEach(function (v) { seen[v.id] = true; });
    F.forEach(function (f) { seen[value(f, k)] = true; });
    delete seen[''];
    values[k] = Object.keys(seen).sort(function (a, b) { return ord(k, a) - ord(k, b) || cmp(a, b); });
  });

  var chips = {};
  Object.keys(chipBoxes).forEach(function (k) {
    chips[k] = {};
    values[k].forEach(function (id) {
      var b = el('button', 'chip chip-' + k + ' ' + k.slice(0, 2) + '-' + known(k, id));
      b.type = 'button';
      b.dataset.key = k;
      b.dataset.value = id;
      b.appendChild(el('span', 'l', label(k, id)));
      b.appendChild(el('span', 'n', '0'));
      chipBoxes[k].appendChild(b);
      chips[k][id] = b;
    });
  });

  function syncControls() {
    Object.keys(chips).forEach(function (k) {
      Object.keys(chips[k]).forEach(function (id) {
        var b = chips[k][id];
        var on = state.f[k] === id;
        b.setAttribute('aria-pressed', on ? 'true' : 'false');
        var n = facets[k][id] || 0;
        b.lastChild.textContent = fmt(n);
        b.classList.toggle('zero', n === 0);
      });
    });
    Object.keys(selects).forEach(function (k) {
      var sel = selects[k];
      sel.textContent = '';
      sel.appendChild(new Option('All', ''));
      var list = values[k].slice();
      var cur = state.f[k];
      if (cur && list.indexOf(cur) < 0) list.push(cur);
      list.forEach(function (id) {
        var n = facets[k][id] || 0;
        var o = new Option(label(k, id) + ' (' + fmt(n) + ')', id);
        if (!n && id !== cur) o.className = 'zero';
        sel.appendChild(o);
      });
      sel.value = cur || '';
      sel.classList.toggle('on', !!cur);
    });
    if (document.activeElement !== search) search.value = state.q;
    checkFilter.hidden = !state.check;
    checkFilter.querySelector('span').textContent = state.check.split(',').join(', ');
    var ths = document.querySelectorAll('#grid th');
    Array.prototype.forEach.call(ths, function (th) {
      var b = th.querySelector('button[data-sort]');
      if (!b) return;
      var on = b.dataset.sort === state.sort;
      th.setAttribute('aria-sort', on ? (state.dir > 0 ? 'ascending' : 'descending') : 'none');
    });
  }

  function update() {
    var t0 = window.performance ? performance.now() : 0;
    compute();
    syncControls();
    render();
    writeHash();
    if (window.performance && performance.measure) performance.measure('srm:update', { start: t0 });
  }

  form.addEventListener('submit', function (e) { e.preventDefault(); });
  form.addEventListener('click', function (e) {
    var b = e.target.closest('button.chip');
    if (!b) return;
    var k = b.dataset.key;
    if (state.f[k] === b.dataset.value) delete state.f[k]; else state.f[k] = b.dataset.value;
    update();
  });
  Object.keys(selects).forEach(function (k) {
    selects[k].addEventListener('change', function () {
      if (selects[k].value) state.f[k] = selects[k].value; else delete state.f[k];
      update();
    });
  });
  var timer = 0;
  search.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = search.value.trim(); update(); }, 120);
  });
  document.getElementById('f-clear').addEventListener('click', function () {
    state = { f: {}, q: '', check: '', sort: state.sort, dir: state.dir };
    search.value = '';
    update();
  });
  document.getElementById('f-check-clear').addEventListener('click', function () {
    state.check = '';
    update();
  });
  document.querySelector('#grid thead').addEventListener('click', function (e) {
    var b = e.target.closest('button[data-sort]');
    if (!b) return;
    if (state.sort === b.dataset.sort) state.dir = -state.dir; else { state.sort = b.dataset.sort; state.dir = 1; }
    update();
  });
  rows.addEventListener('click', function (e) {
    if (e.target.closest('a, pre, dl, .detail')) return;
    var tr = e.target.closest('tr.r');
    if (!tr) return;
    var i = Number(tr.dataset.i);
    var b = tr.querySelector('button.exp');
    if (open[i]) {
      delete open[i];
      var d = tr.nextSibling;
      if (d && d.classList && d.classList.contains('detail')) d.remove();
      b.setAttribute('aria-expanded', 'false');
    } else {
      open[i] = true;
      tr.after(detail(i));
      b.setAttribute('aria-expanded', 'true');
    }
  });
  more.addEventListener('click', renderMore);
  if ('IntersectionObserver' in window) {
    new IntersectionObserver(function (entries) {
      if (entries.some(function (en) { return en.isIntersecting; }) && !more.hidden) renderMore();
    }, { rootMargin: '600px' }).observe(more);
  }

  // Links in the summary ("#status=fail") apply their view even when the
  // address already shows it; edits of the address arrive as hashchange.
  function applyHash(scroll) {
    state = readHash();
    update();
    if (scroll) document.getElementById('findings').scrollIntoView({ block: 'start' });
  }
  document.addEventListener('click', function (e) {
    var a = e.target.closest('a[href^="#"]');
    if (!a || a.closest('#app') || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    var h = a.getAttribute('href');
    try { history.replaceState(null, '', h); } catch (err) { selfHash = h; location.replace(h); }
    applyHash(true);
  });
  window.addEventListener('hashchange', function () {
    if (selfHash !== null && location.hash === selfHash) { selfHash = null; return; }
    applyHash(true);
  });

  // Masonry for the bands of "Where the line sits" (see report.css): each
  // child of a band, heading and stack included, spans as many 4 px rows
  // as it is tall with its margins.
  function masonry() {
    var bands = document.querySelectorAll('.models > .model');
    for (var i = 0; i < bands.length; i++) {
      if (bands[i].querySelectorAll(':scope > .service').length < 4) continue;
      bands[i].classList.add('masonry');
      var kids = bands[i].children, j;
      for (j = 0; j < kids.length; j++) kids[j].style.gridRowEnd = '';
      for (j = 0; j < kids.length; j++) {
        var cs = getComputedStyle(kids[j]);
        var h = kids[j].getBoundingClientRect().height + parseFloat(cs.marginTop) + parseFloat(cs.marginBottom);
        kids[j].style.gridRowEnd = 'span ' + Math.ceil(h / 4);
      }
    }
  }
  masonry();
  var masonryWidth = innerWidth;
  window.addEventListener('resize', function () {
    if (innerWidth !== masonryWidth) { masonryWidth = innerWidth; masonry(); }
  });
  window.addEventListener('beforeprint', masonry);

  // Compliance: one framework at a time once script runs; without it every
  // framework's table is on the page, one after another.
  var fwSelect = document.getElementById('fw-select');
  function showFramework() {
    var panels = document.querySelectorAll('.framework');
    for (var i = 0; i < panels.length; i++) panels[i].hidden = panels[i].dataset.framework !== fwSelect.value;
  }
  fwSelect.addEventListener('change', showFramework);
  fwSelect.closest('.fw-pick').hidden = false;
  showFramework();

  state = readHash();
  document.getElementById('app').hidden = false;
  update();
  mark('srm:table-ready');
  document.documentElement.dataset.ready = 'true';
})();
