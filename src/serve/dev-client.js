// Injected into every page `xinwen dev` serves: reload after each rebuild,
// and show build errors over the page until they are fixed.
(() => {
  const source = new EventSource('/__xinwen/events');
  source.addEventListener('reload', () => location.reload());
  // The problem is fixed: the page under the overlay is the current build (or a reload follows).
  source.addEventListener('cleared', () => document.getElementById('xinwen-overlay')?.remove());
  source.addEventListener('problem', (event) => {
    // Both texts come from the server, in the editor's language and script; shown as text, never as HTML.
    const { title, text } = JSON.parse(event.data);
    let overlay = document.getElementById('xinwen-overlay');
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.id = 'xinwen-overlay';
      overlay.setAttribute('role', 'alert');
      overlay.style.cssText =
        'position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.92);color:#fff;padding:24px;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace';
      const heading = document.createElement('p');
      heading.style.cssText = 'margin:0 0 12px;color:#ffb4b4;font-weight:bold';
      const pre = document.createElement('pre');
      pre.style.cssText = 'white-space:pre-wrap;margin:0';
      overlay.append(heading, pre);
      document.body.append(overlay);
    }
    overlay.querySelector('p').textContent = title;
    overlay.querySelector('pre').textContent = text;
  });
})();
