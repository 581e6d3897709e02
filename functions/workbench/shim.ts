/**
 * The google.script.* stand-in injected into each sidebar the workbench serves. Like Apps Script, every
 * google.script.run call is asynchronous and goes to the server: here POST /api/<method> with the arguments as
 * a JSON array. A 200 answer goes to the success handler; anything else (the server threw, the method is not
 * a ServerApi method, the connection broke) goes to the failure handler as an Error. After each call the
 * parent page is told, so its tables can refresh when the workbook changed. Plain ES2017, no data inlined.
 */
export const GOOGLE_SCRIPT_SHIM = `(function () {
  'use strict';
  function notify(message) {
    try { if (window.parent && window.parent !== window) window.parent.postMessage(message, window.location.origin); } catch (e) { /* no parent */ }
  }
  function call(method, args, ok, fail, user) {
    fetch('/api/' + encodeURIComponent(method), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(args),
    }).then(function (res) {
      return res.text().then(function (text) {
        var body = null;
        try { body = text === '' ? null : JSON.parse(text); } catch (e) { body = { error: text }; }
        notify({ regularsWorkbench: 'called', method: method, version: Number(res.headers.get('x-workbook-version')) || 0 });
        if (res.ok) { if (ok) ok(body === null ? undefined : body.value, user); }
        else if (fail) fail(new Error(body && body.error ? String(body.error) : 'HTTP ' + res.status), user);
        else console.error('google.script.run.' + method + ' failed:', body && body.error);
      });
    }, function (error) {
      if (fail) fail(error instanceof Error ? error : new Error(String(error)), user);
    });
  }
  function runner(ok, fail, user) {
    return new Proxy({}, {
      get: function (_target, name) {
        if (name === 'withSuccessHandler') return function (h) { return runner(h, fail, user); };
        if (name === 'withFailureHandler') return function (h) { return runner(ok, h, user); };
        if (name === 'withUserObject') return function (u) { return runner(ok, fail, u); };
        if (typeof name !== 'string' || name === 'then') return undefined;
        return function () { call(name, Array.prototype.slice.call(arguments), ok, fail, user); };
      },
    });
  }
  var host = {
    close: function () { notify({ regularsWorkbench: 'close' }); },
    setHeight: function () {},
    setWidth: function () {},
    editor: { focus: function () {} },
    origin: window.location.origin,
  };
  window.google = { script: { run: runner(null, null, undefined), host: host } };
})();`;
