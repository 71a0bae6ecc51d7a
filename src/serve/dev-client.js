// Injected into every page `xinwen dev` serves: reload after each rebuild,
// and show build errors over the page until they are fixed.
(() => {
  const source = new EventSource('/__xinwen/events');
  source.addEventListener('reload', () => location.reload());
  // The problem is fixed: the page under the overlay is the current build (or a reload follows).
  source.addEventListener('cleared', () => document.getElementById('xinwen-overlay')?.remove());
  source.addEventListener('problem', (event) => {
    const { text } = JSON.parse(event.data);
    let overlay = document.getElementById('xinwen-overlay');
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.id = 'xinwen-overlay';
      overlay.setAttribute('role', 'alert');
      overlay.style.cssText =
        'position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.92);color:#fff;padding:24px;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace';
      const title = document.createElement('p');
      title.textContent = 'xinwen: the last change could not be built. The page shows the last good build; fix the file and save.';
      title.style.cssText = 'margin:0 0 12px;color:#ffb4b4;font-weight:bold';
      const pre = document.createElement('pre');
      pre.style.cssText = 'white-space:pre-wrap;margin:0';
      overlay.append(title, pre);
      document.body.append(overlay);
    }
    overlay.querySelector('pre').textContent = text;
  });
})();
