// Live reload for `dk dev` (djangokit.cli._livereload, which adds this to every HTML document
// as one inline <script>: whole-line comments are left out, the other lines joined by spaces,
// so every statement ends with a semicolon or brace). Listens to the dev server's event
// stream: `reload` reloads, `update` hands a hot update to React Fast Refresh (decision 8),
// `revalidate` to the runtime (decision 7), `failed` shows the build error over the page, as
// text, never as markup.
(() => {
  const source = new EventSource("/__djangokit__/live-reload"); let opened = false;
  const css = (el, style) => {
    el.style.cssText = "all:initial;display:block;" + style; return el;
  };
  source.addEventListener("reload", () => location.reload());
  source.addEventListener("update", (event) => {
    const refresh = window.__djangokitRefresh;
    if (!refresh || document.getElementById("djangokit-build-error")) return location.reload();
    refresh.apply(JSON.parse(event.data)).then((done) => done || location.reload(),
      (error) => { console.error(error); location.reload(); });
  });
  source.addEventListener("revalidate", () => {
    if (!dispatchEvent(new Event("djangokit:revalidate", { cancelable: true }))) return;
    location.reload();
  });
  source.addEventListener("failed", (event) => {
    const text = JSON.parse(event.data);
    console.error("DjangoKit build: " + text);
    let box = document.getElementById("djangokit-build-error");
    if (!box) {
      box = css(document.createElement("div"), "position:fixed;inset:0;z-index:2147483647;"
        + "overflow:auto;padding:32px;background:#141418;color:#eee;"
        + "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace");
      box.id = "djangokit-build-error"; box.setAttribute("role", "alert");
      const title = css(document.createElement("strong"), "font:inherit;font-size:18px;"
        + "color:#ff6b6b");
      title.textContent = "Build failed";
      const hint = css(document.createElement("p"), "font:inherit;color:#aaa;margin-top:16px");
      hint.textContent = "Fix the error and save: the page reloads. Esc hides this.";
      box.append(title, css(document.createElement("pre"),
        "font:inherit;white-space:pre-wrap;margin-top:16px;color:#fff"), hint);
      addEventListener("keydown", (e) => e.key === "Escape" && box.remove());
    }
    box.querySelector("pre").textContent = text;
    document.body.append(box);
  });
  source.onopen = () => { if (opened) location.reload(); opened = true; };
})();
