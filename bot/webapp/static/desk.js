/* The copy desk: loads the server-rendered draft, copies values, edits answers through the JSON API,
   keeps the 30-minute platform session. No personal data is kept here beyond the page: sessionStorage
   holds only the signed init data, the timer's start and the ids of fields already copied. */
(function () {
  "use strict";
  var store = window.sessionStorage;
  var desk, words, initData = "", timerTick = null;

  function params(text) {
    var out = {};
    (text || "").replace(/^#/, "").split("&").forEach(function (pair) {
      var i = pair.indexOf("=");
      if (i > 0) { out[decodeURIComponent(pair.slice(0, i))] = decodeURIComponent(pair.slice(i + 1)); }
    });
    return out;
  }

  function postEvent(name, data) {
    var body = JSON.stringify(data || {});
    try {
      if (window.TelegramWebviewProxy) { window.TelegramWebviewProxy.postEvent(name, body); }
      else if (window.external && "notify" in window.external) {
        window.external.notify(JSON.stringify({eventType: name, eventData: data || {}}));
      } else if (window.parent !== window) {
        window.parent.postMessage(JSON.stringify({eventType: name, eventData: data || {}}), "https://web.telegram.org");
      }
    } catch (e) { /* outside Telegram */ }
  }

  function applyTheme(json) {
    var theme;
    try { theme = JSON.parse(json); } catch (e) { return; }
    Object.keys(theme || {}).forEach(function (key) {
      if (/^[a-z_]+$/.test(key) && /^#[0-9a-fA-F]{3,8}$/.test(theme[key])) {
        document.documentElement.style.setProperty("--tg-theme-" + key.replace(/_/g, "-"), theme[key]);
      }
    });
  }

  function headers(json) {
    var h = {};
    if (initData) { h.Authorization = "tma " + initData; }
    if (json) { h["Content-Type"] = "application/json"; }
    return h;
  }

  function say(text) {
    var live = document.getElementById("announce");
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 30);
  }

  function fail(text) {
    desk.setAttribute("aria-busy", "false");
    desk.innerHTML = "";
    var p = document.createElement("p");
    p.className = "refused";
    p.setAttribute("role", "alert");
    p.textContent = text;
    desk.appendChild(p);
  }

  function mode() { return document.getElementById("mode").value; }

  function fetchDesk(wanted) {
    return fetch("desk?mode=" + encodeURIComponent(wanted), {headers: headers(false), credentials: "same-origin",
                                                              cache: "no-store"})
      .then(function (r) { return r.text().then(function (text) { return {status: r.status, text: text}; }); });
  }

  function load() {
    desk.setAttribute("aria-busy", "true");
    return show(fetchDesk(mode()));
  }

  function show(pending) {
    return pending
      .then(function (r) {
        if (r.status === 401) { throw new Error(desk.dataset.noAuth); }
        if (r.status === 404) { throw new Error(desk.dataset.unknown); }
        if (r.status !== 200) { throw new Error(desk.dataset.error); }
        return r.text;
      })
      .then(function (html) {
        desk.innerHTML = html;
        desk.setAttribute("aria-busy", "false");
        words = document.getElementById("words").dataset;
        restoreTicks();
        showTimer();
        document.body.classList.add("ready");
        if (window.performance && performance.mark) { performance.mark("desk-ready"); }
      })
      .catch(function (e) { fail(e.message); });
  }

  function ticks() {
    try { return JSON.parse(store.getItem("desk.ticks") || "[]"); } catch (e) { return []; }
  }

  function restoreTicks() {
    ticks().forEach(function (id) {
      var li = desk.querySelector('li.field[data-id="' + id + '"]');
      if (li) { li.classList.add("copied"); }
    });
    updateNow();
  }

  function updateNow() {
    var now = document.getElementById("now");
    if (!store.getItem("desk.start")) { now.hidden = true; return; }
    var tabs = desk.querySelectorAll("section.tab");
    for (var i = 0; i < tabs.length; i++) {
      if (tabs[i].querySelector("li.field:not(.copied) button.copy")) {  // a field left empty has nothing to copy
        document.getElementById("now-tab").textContent = tabs[i].dataset.zh;
        now.hidden = false;
        return tabs[i];
      }
    }
    now.hidden = true;
    return null;
  }

  function copy(button) {
    var value = button.dataset.copy;
    var done = function () {
      var li = button.closest("li.field");
      li.classList.add("copied");
      var list = ticks();
      if (list.indexOf(li.dataset.id) < 0) { list.push(li.dataset.id); store.setItem("desk.ticks", JSON.stringify(list)); }
      button.textContent = words.copied;
      say(words.copied);
      var tab = updateNow();
      if (tab && store.getItem("desk.start") && tab !== li.closest("section.tab")) {
        tab.scrollIntoView({block: "start", behavior: "smooth"});
      }
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(value).then(done, function () { legacyCopy(value); done(); });
    } else { legacyCopy(value); done(); }
  }

  function legacyCopy(value) {
    var area = document.createElement("textarea");
    area.value = value;
    area.setAttribute("readonly", "");
    area.className = "sr-only";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(area);
  }

  function toggleEditor(button) {
    var form = document.getElementById(button.getAttribute("aria-controls"));
    var open = form.hidden;
    form.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    if (open) { form.querySelector("[name=value]").focus(); }
  }

  function submit(form) {
    var msg = form.querySelector(".msg"), suggest = form.querySelector(".suggest");
    var input = form.querySelector("[name=value]");
    msg.textContent = "";
    suggest.innerHTML = "";
    form.classList.remove("refused");
    return fetch("api/answer", {method: "POST", headers: headers(true), credentials: "same-origin",
                                body: JSON.stringify({flow: form.dataset.flow, key: form.dataset.key, value: input.value,
                                                      choice: input.tagName === "SELECT"})})
      .then(function (r) { return r.json().then(function (body) { return {status: r.status, body: body}; }); })
      .then(function (res) {
        if (res.status === 200) {
          say(words.saved);
          var id = form.closest("li.field").id;
          return load().then(function () {
            var li = document.getElementById(id);
            if (li) { li.querySelector(".value").focus(); li.classList.add("just-saved"); }
          });
        }
        form.classList.add("refused");
        input.setAttribute("aria-invalid", "true");
        msg.textContent = res.body.message || desk.dataset.error;
        (res.body.suggestions || []).forEach(function (s) {
          var b = document.createElement("button");
          b.type = "button";
          b.className = "suggestion";
          b.textContent = s.label;
          b.addEventListener("click", function () { input.value = s.value; submit(form); });
          suggest.appendChild(b);
        });
        if (res.body.suggestions && res.body.suggestions.length) { suggest.setAttribute("aria-label", words.suggestions); }
        input.focus();
      })
      .catch(function () { msg.textContent = desk.dataset.error; });
  }

  function download(button) {
    fetch("api/documents/" + encodeURIComponent(button.dataset.item), {headers: headers(false), credentials: "same-origin"})
      .then(function (r) { if (!r.ok) { throw new Error(); } return r.blob(); })
      .then(function (blob) {
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = button.dataset.name || button.dataset.item;
        document.body.appendChild(a);
        a.click();
        window.setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      })
      .catch(function () { say(desk.dataset.error); });
  }

  function showTimer() {
    var button = document.getElementById("timer");
    if (!button) { return; }
    var start = Number(store.getItem("desk.start") || 0);
    button.textContent = start ? words.stop : words.start;
    button.setAttribute("aria-pressed", String(Boolean(start)));
    if (timerTick) { window.clearInterval(timerTick); timerTick = null; }
    var clock = document.getElementById("clock"), warning = document.getElementById("warning");
    if (!start) { clock.textContent = ""; warning.hidden = true; updateNow(); return; }
    var tick = function () {
      var left = Math.max(0, 30 * 60 - Math.floor((Date.now() - start) / 1000));
      clock.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (left <= 5 * 60 && warning.hidden) { warning.textContent = words.warn; warning.hidden = false; }
    };
    tick();
    timerTick = window.setInterval(tick, 1000);
    updateNow();
  }

  function toggleTimer() {
    if (store.getItem("desk.start")) { store.removeItem("desk.start"); store.removeItem("desk.ticks"); }
    else { store.setItem("desk.start", String(Date.now())); store.setItem("desk.ticks", "[]"); }
    desk.querySelectorAll("li.field.copied").forEach(function (li) { li.classList.remove("copied"); });
    showTimer();
    var tab = updateNow();
    if (tab) { tab.scrollIntoView({block: "start"}); }
  }

  function login(token) {
    return fetch("api/login", {method: "POST", headers: {"Content-Type": "application/json"},
                               credentials: "same-origin", body: JSON.stringify({token: token})})
      .then(function (r) { if (!r.ok) { throw new Error("link"); } });
  }

  // At once, in the page's head: the credentials out of the fragment, the theme, and the desk's request
  var hash = params(window.location.hash);
  if (hash.tgWebAppData) { store.setItem("desk.init", hash.tgWebAppData); }
  if (hash.tgWebAppThemeParams) { store.setItem("desk.theme", hash.tgWebAppThemeParams); }
  initData = store.getItem("desk.init") || "";
  applyTheme(store.getItem("desk.theme") || "{}");
  if (window.location.hash) { history.replaceState(null, "", window.location.pathname); }
  var first = (hash.login ? login(hash.login) : Promise.resolve()).then(function () { return fetchDesk("application"); });

  function start() {
    desk = document.getElementById("desk");
    postEvent("web_app_ready");
    postEvent("web_app_expand");
    document.getElementById("mode").addEventListener("change", load);
    desk.addEventListener("click", function (event) {
      var target = event.target.closest("button");
      if (!target) { return; }
      if (target.classList.contains("copy")) { copy(target); }
      else if (target.classList.contains("edit")) { toggleEditor(target); }
      else if (target.classList.contains("cancel")) {
        var form = target.closest("form");
        form.hidden = true;
        var edit = desk.querySelector('[aria-controls="' + form.id + '"]');
        edit.setAttribute("aria-expanded", "false");
        edit.focus();
      } else if (target.id === "timer") { toggleTimer(); }
      else if (target.classList.contains("download")) { download(target); }
    });
    desk.addEventListener("submit", function (event) { event.preventDefault(); submit(event.target); });
    document.getElementById("mode").value = "application";
    show(first.catch(function (e) { return {status: e.message === "link" ? 403 : 0}; }).then(function (r) {
      if (r.status === 403) { throw new Error(desk.dataset.linkUsed); }
      return r;
    })).catch(function (e) { fail(e.message); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
