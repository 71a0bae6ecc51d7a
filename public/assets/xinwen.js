// The theme's few behaviours, no framework: the menu button, 字号 (remembered), 【打印】, 长辈模式
// (remembered), the 焦点图's dots and 返回顶部. Without scripts the page still reads: the menu is open,
// 分享 is a <details>, 返回顶部 a link, the slides scroll.
(function () {
  var root = document.documentElement;
  function remember(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* private mode: for this page only */ }
  }

  var menuButton = document.querySelector('.menu-button');
  var menu = document.getElementById('site-menu');
  if (menuButton && menu) {
    menuButton.addEventListener('click', function () {
      var open = menuButton.getAttribute('aria-expanded') !== 'true';
      menuButton.setAttribute('aria-expanded', String(open));
      menu.classList.toggle('open', open);
    });
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && menu.classList.contains('open')) {
        menuButton.click();
        menuButton.focus();
      }
    });
  }

  var sizeButtons = document.querySelectorAll('button[data-font-size]');
  function showSize(size) {
    for (var i = 0; i < sizeButtons.length; i++) {
      sizeButtons[i].setAttribute('aria-pressed', String(sizeButtons[i].getAttribute('data-font-size') === size));
    }
  }
  showSize(root.getAttribute('data-font-size') || 'medium');
  for (var i = 0; i < sizeButtons.length; i++) {
    sizeButtons[i].addEventListener('click', function () {
      var size = this.getAttribute('data-font-size');
      root.setAttribute('data-font-size', size);
      remember('xinwen-font-size', size);
      showSize(size);
    });
  }

  var printButton = document.querySelector('.print-button');
  if (printButton) printButton.addEventListener('click', function () { window.print(); });

  var elder = document.querySelector('.elder-switch');
  if (elder) {
    elder.setAttribute('aria-pressed', String(root.classList.contains('elder')));
    elder.addEventListener('click', function () {
      var on = root.classList.toggle('elder');
      elder.setAttribute('aria-pressed', String(on));
      remember('xinwen-elder', on ? '1' : '0');
    });
  }

  // 焦点图: a dot scrolls its slide into the track (not the page) and the dot of the slide in view is marked.
  var track = document.querySelector('.slide-track');
  var dots = document.querySelectorAll('.slide-dots a');
  if (track && dots.length) {
    for (var d = 0; d < dots.length; d++) {
      dots[d].addEventListener('click', function (event) {
        var slide = document.getElementById(this.getAttribute('href').slice(1));
        if (!slide) return;
        event.preventDefault();
        track.scrollTo({ left: slide.offsetLeft, behavior: 'smooth' });
      });
    }
    track.addEventListener('scroll', function () {
      var current = Math.round(track.scrollLeft / track.clientWidth);
      for (var k = 0; k < dots.length; k++) {
        if (k === current) dots[k].setAttribute('aria-current', 'true');
        else dots[k].removeAttribute('aria-current');
      }
    }, { passive: true });
  }
})();
