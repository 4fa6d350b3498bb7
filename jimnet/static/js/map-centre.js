/* On a phone the network map keeps a readable size and scrolls sideways in its frame; open it
   with the young person (the centre of the map) in view. */
(function () {
  "use strict";
  document.querySelectorAll(".nm-canvas").forEach(function (canvas) {
    if (canvas.scrollWidth > canvas.clientWidth) {
      canvas.scrollLeft = (canvas.scrollWidth - canvas.clientWidth) / 2;
    }
  });
})();
