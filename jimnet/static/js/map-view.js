/* The network map, viewed: zoom and pan inside its frame (buttons, mouse wheel, one finger to
   move, two fingers to pinch), and a person's ties highlighted when she is tapped or focused.
   Without this script the map is a plain picture scaled to the screen, and the list below it
   carries the same facts. Written here, no libraries. */
(function () {
  "use strict";

  var MAX_ZOOM = 8;

  function setup(canvas) {
    var svg = canvas.querySelector("svg.network-map");
    if (!svg || svg.dataset.viewReady) { return; }
    svg.dataset.viewReady = "1";
    var box = svg.getAttribute("viewBox").split(/[\s,]+/).map(parseFloat);
    var base = { x: box[0], y: box[1], w: box[2], h: box[3] };
    // A refreshed map (after a move) keeps the view the person had chosen.
    var view = canvas.nmView || { x: base.x, y: base.y, w: base.w, h: base.h };
    canvas.classList.add("is-zoomable");

    function apply() {
      view.w = Math.min(base.w, Math.max(base.w / MAX_ZOOM, view.w));
      view.h = view.w * base.h / base.w;
      view.x = Math.min(base.x + base.w - view.w, Math.max(base.x, view.x));
      view.y = Math.min(base.y + base.h - view.h, Math.max(base.y, view.y));
      svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (v) {
        return Math.round(v * 10) / 10;
      }).join(" "));
      canvas.nmView = view;
      canvas.classList.toggle("is-zoomed", view.w < base.w - 0.5);
      var level = canvas.parentNode.querySelector(".nm-zoom-level");
      if (level) { level.textContent = Math.round(base.w / view.w * 100) + "%"; }
    }

    function zoom(factor, px, py) {
      // Keep the point (px, py) of the map where it is on the screen.
      var w = Math.min(base.w, Math.max(base.w / MAX_ZOOM, view.w / factor));
      var ratio = w / view.w;
      view.x = px - (px - view.x) * ratio;
      view.y = py - (py - view.y) * ratio;
      view.w = w;
      apply();
    }

    function toMap(clientX, clientY) {
      var rect = svg.getBoundingClientRect();
      return {
        x: view.x + (clientX - rect.left) / rect.width * view.w,
        y: view.y + (clientY - rect.top) / rect.height * view.h
      };
    }

    canvas.nmZoom = function (how) {
      if (how === "reset") { view = { x: base.x, y: base.y, w: base.w, h: base.h }; apply(); return; }
      zoom(how === "in" ? 1.5 : 1 / 1.5, view.x + view.w / 2, view.y + view.h / 2);
    };

    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      var p = toMap(event.clientX, event.clientY);
      zoom(event.deltaY < 0 ? 1.2 : 1 / 1.2, p.x, p.y);
    }, { passive: false });

    var pointers = {};
    var pinch = null;
    var moved = 0;
    var editable = !!svg.dataset.editable;

    svg.addEventListener("pointerdown", function (event) {
      // On a map that can be edited, a person is dragged by network.js, not the map.
      if (editable && event.target.closest(".member")) { return; }
      pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
      moved = 0;
      var ids = Object.keys(pointers);
      if (ids.length === 2) {
        var a = pointers[ids[0]], b = pointers[ids[1]];
        pinch = { distance: Math.hypot(a.x - b.x, a.y - b.y) || 1 };
      }
    });
    svg.addEventListener("pointermove", function (event) {
      var last = pointers[event.pointerId];
      if (!last) { return; }
      var rect = svg.getBoundingClientRect();
      var ids = Object.keys(pointers);
      if (ids.length === 1) {
        var dx = event.clientX - last.x, dy = event.clientY - last.y;
        moved += Math.abs(dx) + Math.abs(dy);
        if (moved > 4) {
          if (!svg.hasPointerCapture(event.pointerId)) { svg.setPointerCapture(event.pointerId); }
          view.x -= dx / rect.width * view.w;
          view.y -= dy / rect.height * view.h;
          apply();
        }
      }
      pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
      if (ids.length === 2 && pinch) {
        var a = pointers[ids[0]], b = pointers[ids[1]];
        var distance = Math.hypot(a.x - b.x, a.y - b.y) || 1;
        var middle = toMap((a.x + b.x) / 2, (a.y + b.y) / 2);
        zoom(distance / pinch.distance, middle.x, middle.y);
        pinch.distance = distance;
        moved += 10;
      }
    });
    function release(event) {
      delete pointers[event.pointerId];
      if (Object.keys(pointers).length < 2) { pinch = null; }
    }
    svg.addEventListener("pointerup", release);
    svg.addEventListener("pointercancel", release);

    // A person's ties, highlighted: tap or focus her; tap the empty map to let go.
    function highlight(member) {
      var id = member ? member.dataset.memberId : null;
      svg.classList.toggle("has-focus", !!id);
      Array.prototype.forEach.call(svg.querySelectorAll(".member.is-focus"), function (m) {
        m.classList.remove("is-focus");
      });
      if (member) { member.classList.add("is-focus"); }
      Array.prototype.forEach.call(svg.querySelectorAll("line.tie"), function (line) {
        line.classList.toggle("is-hl", !!id && (line.dataset.a === id || line.dataset.b === id));
      });
    }
    svg.addEventListener("click", function (event) {
      if (moved > 4) { return; }
      highlight(event.target.closest(".member"));
    });
    svg.addEventListener("focusin", function (event) {
      var member = event.target.closest(".member");
      if (member) { highlight(member); }
    });
    if (!editable) {
      // Each person can be reached with Tab to see her ties; the names come from <title>.
      svg.setAttribute("role", "group");
      Array.prototype.forEach.call(svg.querySelectorAll(".member[data-member-id]"), function (member) {
        member.setAttribute("tabindex", "0");
        member.setAttribute("role", "button");
      });
    }
    apply();
  }

  function init() {
    document.querySelectorAll(".nm-canvas").forEach(function (canvas) {
      setup(canvas);
      var controls = canvas.parentNode.querySelector(".nm-zoom");
      if (controls && !controls.dataset.ready) {
        controls.dataset.ready = "1";
        controls.hidden = false;
        controls.addEventListener("click", function (event) {
          var button = event.target.closest("button[data-zoom]");
          var current = canvas.parentNode.querySelector(".nm-canvas");
          if (button && current && current.nmZoom) { current.nmZoom(button.dataset.zoom); }
        });
      }
    });
  }

  // network.js replaces the map after a move; it calls this to set the new one up.
  window.jimnetMapView = init;
  init();
}());
