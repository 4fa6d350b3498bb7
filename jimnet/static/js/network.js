/* The network map, enhanced: drag a member to another ring or sector, or move it with the
   arrow keys; each move is saved through the API (with the member's version) and the map,
   list and analysis are refreshed from the server. Without this script every page still works
   (the list has buttons to move people). */
(function () {
  "use strict";

  var figure = document.querySelector("figure.nm-figure[data-member-api]");
  if (!figure || !window.fetch || !window.DOMParser) { return; }

  var busy = false;

  function message(text, isError) {
    var status = figure.querySelector(".nm-status");
    if (!status) { return; }
    status.textContent = text;
    status.classList.toggle("is-error", !!isError);
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function geometry(svg) {
    return {
      cx: parseFloat(svg.dataset.cx),
      cy: parseFloat(svg.dataset.cy),
      radii: svg.dataset.radii.split(",").map(parseFloat),
      sectors: svg.dataset.sectors.split(","),
      start: parseFloat(svg.dataset.startAngle),
      // Where each sector ends (degrees): sectors are sized by how many people they hold.
      bounds: (svg.dataset.bounds || "").split(",").map(parseFloat)
    };
  }

  function cellOf(geo, x, y) {
    var dx = x - geo.cx, dy = y - geo.cy;
    var distance = Math.sqrt(dx * dx + dy * dy);
    if (distance <= geo.radii[0] || distance > geo.radii[geo.radii.length - 1]) { return null; }
    var ring = 1;
    while (ring < geo.radii.length - 1 && distance > geo.radii[ring]) { ring += 1; }
    var angle = Math.atan2(dy, dx) * 180 / Math.PI - geo.start;
    angle = ((angle % 360) + 360) % 360;
    for (var i = 0; i < geo.sectors.length; i += 1) {
      if (angle < geo.bounds[i] - geo.start) { return { ring: ring, sector: geo.sectors[i] }; }
    }
    return { ring: ring, sector: geo.sectors[geo.sectors.length - 1] };
  }

  function svgPoint(svg, event) {
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    return point.matrixTransform(svg.getScreenCTM().inverse());
  }

  function sectorName(sector) {
    var names = (figure.dataset.sectorNames || "").split("|");
    var index = geometry(figure.querySelector("svg.network-map")).sectors.indexOf(sector);
    return names[index] || sector;
  }

  function refresh(focusId) {
    return fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        [".nm-canvas", ".nm-analysis", "#lijst"].forEach(function (selector) {
          var fresh = page.querySelector(selector), old = document.querySelector(selector);
          if (fresh && old) { old.replaceWith(document.importNode(fresh, true)); }
        });
        enhance();
        if (window.jimnetMapView) { window.jimnetMapView(); }
        if (focusId) {
          var member = figure.querySelector('.member[data-member-id="' + focusId + '"]');
          if (member) { member.focus(); }
        }
      });
  }

  function save(member, ring, sector) {
    if (busy) { return; }
    busy = true;
    var id = member.dataset.memberId;
    var url = figure.dataset.memberApi.replace(/\/0$/, "/" + id);
    fetch(url, {
      method: "PATCH",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": figure.dataset.csrf },
      body: JSON.stringify({ version: parseInt(member.dataset.version, 10), ring: ring, sector: sector })
    }).then(function (response) {
      if (response.ok) {
        message(fill(figure.dataset.msgMoved, { name: member.dataset.name, ring: ring, sector: sectorName(sector).toLowerCase() }));
      } else if (response.status === 409) {
        message(figure.dataset.msgConflict, true);
      } else {
        return response.json().then(function (problem) {
          message(problem.detail || figure.dataset.msgError, true);
        }, function () { message(figure.dataset.msgError, true); });
      }
    }, function () {
      message(figure.dataset.msgError, true);
    }).then(function () {
      return refresh(id);
    }).then(function () { busy = false; }, function () { busy = false; });
  }

  function onKey(event) {
    var member = event.currentTarget;
    var svg = member.ownerSVGElement;
    var geo = geometry(svg);
    var ring = parseInt(member.dataset.ring, 10);
    var index = geo.sectors.indexOf(member.dataset.sector);
    var count = geo.sectors.length;
    if (event.key === "ArrowUp") { ring -= 1; }
    else if (event.key === "ArrowDown") { ring += 1; }
    else if (event.key === "ArrowLeft") { index = (index + count - 1) % count; }
    else if (event.key === "ArrowRight") { index = (index + 1) % count; }
    else { return; }
    event.preventDefault();
    if (ring < 1 || ring > geo.radii.length - 1) { return; }
    save(member, ring, geo.sectors[index]);
  }

  function onPointerDown(event) {
    if (event.button !== 0 || busy) { return; }
    var member = event.currentTarget;
    var svg = member.ownerSVGElement;
    var geo = geometry(svg);
    var start = svgPoint(svg, event);
    var circle = member.querySelector("circle");
    var origin = { x: parseFloat(circle.getAttribute("cx")), y: parseFloat(circle.getAttribute("cy")) };
    var moved = false;
    member.setPointerCapture(event.pointerId);
    member.classList.add("is-dragging");

    function move(e) {
      var p = svgPoint(svg, e);
      var dx = p.x - start.x, dy = p.y - start.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) { moved = true; }
      member.setAttribute("transform", "translate(" + dx + "," + dy + ")");
    }
    function up(e) {
      member.removeEventListener("pointermove", move);
      member.removeEventListener("pointerup", up);
      member.removeEventListener("pointercancel", up);
      member.classList.remove("is-dragging");
      var p = svgPoint(svg, e);
      var cell = cellOf(geo, origin.x + p.x - start.x, origin.y + p.y - start.y);
      member.removeAttribute("transform");
      if (!moved) { return; }
      if (cell && (cell.ring !== parseInt(member.dataset.ring, 10) || cell.sector !== member.dataset.sector)) {
        save(member, cell.ring, cell.sector);
      }
    }
    member.addEventListener("pointermove", move);
    member.addEventListener("pointerup", up);
    member.addEventListener("pointercancel", up);
    event.preventDefault();
  }

  function enhance() {
    var svg = figure.querySelector("svg.network-map[data-editable]");
    if (!svg || svg.dataset.enhanced) { return; }
    svg.dataset.enhanced = "1";
    // Interactive now: a group of buttons rather than a flat picture.
    svg.setAttribute("role", "group");
    var hint = figure.querySelector(".nm-js-hint");
    if (hint) { hint.hidden = false; }
    Array.prototype.forEach.call(svg.querySelectorAll(".member[data-member-id]"), function (member) {
      // The name comes from the member's <title>; the keyboard help from the hint below the map.
      member.setAttribute("tabindex", "0");
      member.setAttribute("role", "button");
      if (hint) { member.setAttribute("aria-describedby", hint.id); }
      member.addEventListener("keydown", onKey);
      member.addEventListener("pointerdown", onPointerDown);
    });
  }

  enhance();
}());
