/* The frontline time scrubber: draws the frames of layers/frames.py on a Leaflet map.
 *
 * One implementation for the app's map component and the standalone HTML export.
 * Zones: one Leaflet layer per zone report, built once on first use and swapped per
 * report date (only the delta is added/removed, nothing re-parsed). Events: one canvas
 * redrawn per frame from columnar arrays (no layer per marker), aggregated into counted
 * cells at low zoom. Every text in the frames was escaped in Python; this script only
 * concatenates it, and sets the date label and stamps with textContent.
 *
 * DOM contract: the scrubber is input[type=range][data-role="frontline-scrubber"] (value
 * = frame index) and the map's .leaflet-container gets data-day="YYYY-MM-DD" once that
 * frame is drawn.
 *
 * FrontlineScrubber.mount(map, frames, options) -> controller
 *   options: eventHtml(props, [label, colour]) -> html (the popup), static (no controls),
 *            onShow(i), onRelease(i), clusterBelowZoom (default 9)
 *   controller: show(i), index(), count, days, play(rate), pause(), playing(),
 *            setFilter({kinds, statuses, minConfidence}), setSides([...]),
 *            setLayers([...]), setFrontLine(on), load(frames, day), indexOf(day), stats(),
 *            drawn() (the markers/cells of the last frame), openEvent(i)
 */
(function (root) {
    "use strict";

    var RATES = [1, 2, 5, 10, 15, 20, 30];

    function lowerBound(arr, value) {  // first index with arr[i] >= value (arr ascending)
        var lo = 0, hi = arr.length;
        while (lo < hi) {
            var mid = (lo + hi) >> 1;
            if (arr[mid] < value) { lo = mid + 1; } else { hi = mid; }
        }
        return lo;
    }

    function box(html) {
        var div = L.DomUtil.create("div");
        div.innerHTML = html;
        return div;
    }

    /* Zone memberships per set, rebuilt from the deltas once. */
    function memberships(frames) {
        var out = [], current = {};
        frames.sets.forEach(function (set) {
            var next = Object.assign({}, current);
            set.r.forEach(function (i) { delete next[i]; });
            set.a.forEach(function (i) { next[i] = true; });
            out.push(next);
            current = next;
        });
        return out;
    }

    var EventsCanvas = L.Layer.extend({
        initialize: function (owner) { this._owner = owner; },
        onAdd: function (map) {
            var pane = map.getPane("flEvents") || map.createPane("flEvents");
            pane.style.zIndex = 450;
            pane.style.pointerEvents = "none";
            this._canvas = L.DomUtil.create("canvas", "fl-events-canvas leaflet-zoom-hide",
                                            pane);
            // its own compositing layer: a redraw then repaints only the canvas, not the
            // zones' SVG (big hatched polygons) under it
            this._canvas.style.willChange = "transform";
            this._ctx = this._canvas.getContext("2d");
            map.on("moveend zoomend resize viewreset", this._reset, this);
            this._reset();
        },
        onRemove: function (map) {
            map.off("moveend zoomend resize viewreset", this._reset, this);
            L.DomUtil.remove(this._canvas);
        },
        _reset: function () {
            var map = this._map, size = map.getSize(), ratio = root.devicePixelRatio || 1;
            var canvas = this._canvas;
            L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
            if (canvas.width !== Math.round(size.x * ratio) ||
                    canvas.height !== Math.round(size.y * ratio)) {
                canvas.width = Math.round(size.x * ratio);
                canvas.height = Math.round(size.y * ratio);
                canvas.style.width = size.x + "px";
                canvas.style.height = size.y + "px";
            }
            this._ratio = ratio;
            this.redraw();
        },
        redraw: function () {
            if (this._map) { this._owner._drawEvents(this._ctx, this._ratio); }
        }
    });

    function Scrubber(map, frames, options) {
        this.map = map;
        this.opts = options || {};
        this.current = -1;
        this._front = null;
        this._setFrames(frames);
        this._sides = null;      // null: every side
        this._layers = null;     // null: every zone layer
        this._showFront = true;
        this._filter = {kinds: null, statuses: null, minConfidence: 0};
        this._drawn = [];        // [x, y, radius, event index, count] of the last frame
        this._timer = null;
        this._frameTimes = [];
        this._zoneGroup = L.layerGroup().addTo(map);
        this._frontGroup = L.layerGroup().addTo(map);
        this._canvas = new EventsCanvas(this).addTo(map);
        this._bindEvents();
        if (!this.opts.static) { this._control(); }
    }

    /* The data of a frames dict (built once per frames: memberships, caches). */
    Scrubber.prototype._setFrames = function (frames) {
        this.F = frames;
        this.count = frames.days.length;
        this.days = frames.days.slice();
        this._set = -1;
        this._members = memberships(frames);
        this._zoneLayers = {};   // zone index -> Leaflet layer, built once
        this._shownZones = {};   // zone index -> true (on the map now)
        this._frontLayers = {};  // set index -> Leaflet layer
        this._proj = {};         // zoom -> Float64Array of projected points (lazily)
        this._sprites = {};
        this._n = frames.ev.x.length;
    };

    /* Swap in other frames (another zoom band, window or filter) keeping the map's view;
     * shows ``day`` (ISO) or the nearest frame, else the current day. */
    Scrubber.prototype.load = function (frames, day) {
        var keep = day || this.days[this.current];
        this._zoneGroup.clearLayers();
        this._frontGroup.clearLayers();
        this._front = null;
        this._setFrames(frames);
        if (this._slider) { this._slider.max = String(this.count - 1); }
        return this.show(this.indexOf(keep));
    };

    /* The frame index of an ISO day: that day's, else the last before it (or 0). */
    Scrubber.prototype.indexOf = function (day) {
        if (!day) { return this.F.initial || 0; }
        var found = 0;
        for (var i = 0; i < this.days.length && this.days[i] <= day; i++) { found = i; }
        return found;
    };

    Scrubber.prototype._zoneLayer = function (i) {
        var layer = this._zoneLayers[i];
        if (layer) { return layer; }
        var z = this.F.zones[i], F = this.F;
        var style = (F.sides[z.side] || {}).style || {};
        layer = L.geoJSON({type: "Feature", geometry: z.g, properties: {side: z.side}},
                          {style: function () { return style; }, smoothFactor: 0.5});
        layer.bindTooltip(box(z.tip), {sticky: true, className: "fl-tooltip"});
        layer.bindPopup(box(z.popup), {className: "fl-popup", maxWidth: 360});
        layer.on("mouseover", function (e) { e.layer.setStyle(F.highlight); });
        layer.on("mouseout", function (e) { layer.resetStyle(e.layer); });
        this._zoneLayers[i] = layer;
        return layer;
    };

    Scrubber.prototype._zoneShown = function (i) {
        var z = this.F.zones[i];
        return (this._sides === null || this._sides.indexOf(z.side) >= 0) &&
            (this._layers === null || this._layers.indexOf(z.layer) >= 0);
    };

    /* Hide or show a layer already on the map by detaching its SVG paths from the DOM:
     * Leaflet keeps them projected, so showing it again costs no re-projection (a set
     * change at a report date then redraws in a frame). Without SVG paths (a canvas
     * renderer) the layer is removed and added as usual. */
    function detach(group, layer) {
        var paths = 0;
        layer.eachLayer(function (l) {
            if (l._path) { paths += 1; if (l._path.parentNode) { l._path.remove(); } }
        });
        if (!paths) { group.removeLayer(layer); }
    }

    function attach(group, layer) {
        if (!group.hasLayer(layer)) { group.addLayer(layer); return; }
        layer.eachLayer(function (l) {
            if (l._path && !l._path.parentNode && l._renderer && l._renderer._rootGroup) {
                l._renderer._rootGroup.appendChild(l._path);
            }
        });
    }

    /* Bring the zones on the map to the set's membership (and the side toggles). */
    Scrubber.prototype._syncZones = function (setIndex) {
        var want = this._members[setIndex] || {}, shown = this._shownZones, self = this;
        var added = false, group = this._zoneGroup;
        Object.keys(shown).forEach(function (i) {
            if (!want[i] || !self._zoneShown(i)) {
                detach(group, self._zoneLayers[i]);
                delete shown[i];
            }
        });
        Object.keys(want).forEach(function (i) {
            if (!shown[i] && self._zoneShown(i)) {
                attach(group, self._zoneLayer(i));
                shown[i] = true;
                added = true;
            }
        });
        if (added && this.F.order) {  // the theatre's draw order: hatched sides on top
            this.F.order.forEach(function (side) {
                Object.keys(shown).forEach(function (i) {
                    if (self.F.zones[i].side === side) { self._zoneLayers[i].bringToFront(); }
                });
            });
        }
        var front = this.F.sets[setIndex] && this._showFront ? this.F.sets[setIndex].f : null;
        if (this._front) { detach(this._frontGroup, this._front); this._front = null; }
        if (front) {
            if (!this._frontLayers[setIndex]) {
                this._frontLayers[setIndex] = L.geoJSON(front, {style: this.F.front,
                                                                interactive: false});
            }
            this._front = this._frontLayers[setIndex];
            attach(this._frontGroup, this._front);
            this._front.bringToFront();
        }
        this._set = setIndex;
    };

    Scrubber.prototype._visible = function (i) {
        var ev = this.F.ev, f = this._filter;
        if (f.kinds && f.kinds.indexOf(this.F.kinds[ev.k[i]][0]) < 0) { return false; }
        if (f.statuses && f.statuses.indexOf(this.F.statuses[ev.st[i]]) < 0) { return false; }
        return ev.cf[i] >= f.minConfidence * 100 - 1e-9;
    };

    /* Pixel positions (at the map's zoom, layer origin 0) of every event, once per zoom
     * (about 5 ms for 50,000 events). */
    Scrubber.prototype._projected = function (zoom) {
        var p = this._proj[zoom];
        if (p) { return p; }
        var ev = this.F.ev, n = this._n, map = this.map;
        p = this._proj[zoom] = new Float64Array(n * 2);
        if (map.options.crs === L.CRS.EPSG3857) {  // Web Mercator inline: no allocations
            var scale = 256 * Math.pow(2, zoom), max = 85.0511287798, d2r = Math.PI / 180;
            for (var i = 0; i < n; i++) {
                var lat = Math.max(-max, Math.min(max, ev.y[i])) * d2r;
                p[2 * i] = (ev.x[i] + 180) / 360 * scale;
                p[2 * i + 1] = (0.5 - Math.log(Math.tan(Math.PI / 4 + lat / 2)) /
                                (2 * Math.PI)) * scale;
            }
        } else {
            for (var j = 0; j < n; j++) {
                var pt = map.project([ev.y[j], ev.x[j]], zoom);
                p[2 * j] = pt.x; p[2 * j + 1] = pt.y;
            }
        }
        return p;
    };

    Scrubber.prototype._range = function () {  // [lo, hi) of the events in the window
        var t = this.F.t[this.current], d = this.F.ev.d;
        return [lowerBound(d, t - this.F.window + 1), lowerBound(d, t + 1)];
    };

    Scrubber.prototype._drawEvents = function (ctx, ratio) {
        var map = this.map, F = this.F, ev = F.ev, size = map.getSize();
        ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
        ctx.clearRect(0, 0, size.x, size.y);
        this._drawn = [];
        if (this.current < 0) { return; }
        var zoom = map.getZoom(), proj = this._projected(zoom);
        var origin = map.getPixelOrigin(), pane = map._getMapPanePos();
        var ox = origin.x - pane.x, oy = origin.y - pane.y;  // projected -> container
        var range = this._range(), t = F.t[this.current], cluster =
            zoom < (this.opts.clusterBelowZoom || 9);
        var cells = cluster ? {} : null, drawn = this._drawn, NS = F.statuses.length;
        var groups = {}, order = [];
        for (var i = range[0]; i < range[1]; i++) {
            if (!this._visible(i)) { continue; }
            var x = proj[2 * i] - ox, y = proj[2 * i + 1] - oy;
            if (x < -20 || y < -20 || x > size.x + 20 || y > size.y + 20) { continue; }
            if (cluster) {
                var key = Math.floor(x / 48) + ":" + Math.floor(y / 48), c = cells[key];
                if (!c) { c = cells[key] = [0, 0, 0, i]; }
                c[0] += x; c[1] += y; c[2] += 1; c[3] = i;  // newest event of the cell
                continue;
            }
            // one path per (style key, age): few fills and strokes for thousands of markers
            var key2 = (ev.k[i] * NS + ev.st[i]) * 1000 + Math.min(t - ev.d[i], F.opacity.length - 1);
            var g = groups[key2];
            if (!g) { g = groups[key2] = []; order.push(key2); }
            g.push(x, y, i);
        }
        for (var o = 0; o < order.length; o++) {
            var gk = order[o], pts = groups[gk], sprite = this._sprite(gk, ratio);
            var half = sprite.half, r = F.styles[Math.floor(gk / 1000)].radius;
            for (var q = 0; q < pts.length; q += 3) {
                ctx.drawImage(sprite.canvas, pts[q] - half, pts[q + 1] - half, 2 * half,
                              2 * half);
                drawn.push([pts[q], pts[q + 1], r, pts[q + 2], 1]);
            }
        }
        ctx.setLineDash([]);
        if (cluster) { this._drawCells(ctx, cells); }
        ctx.globalAlpha = 1;
    };

    /* A marker of style key and age drawn once (fill, ring, dash) and then stamped:
     * thousands of drawImage calls cost less than thousands of dashed arcs. */
    Scrubber.prototype._sprite = function (key, ratio) {
        var id = key + "@" + ratio, sprite = this._sprites[id];
        if (sprite) { return sprite; }
        var F = this.F, st = F.styles[Math.floor(key / 1000)], op = F.opacity[key % 1000];
        var half = Math.ceil(st.radius + st.weight + 1), canvas = document.createElement(
            "canvas"), ctx = canvas.getContext("2d");
        canvas.width = canvas.height = Math.ceil(2 * half * ratio);
        ctx.scale(ratio, ratio);
        ctx.beginPath();
        ctx.arc(half, half, st.radius, 0, 2 * Math.PI);
        ctx.globalAlpha = op[1];
        ctx.fillStyle = st.fillColor;
        ctx.fill();
        ctx.globalAlpha = op[0];
        ctx.lineWidth = st.weight;
        ctx.strokeStyle = st.color;
        ctx.setLineDash(st.dash);
        ctx.stroke();
        sprite = this._sprites[id] = {canvas: canvas, half: half};
        return sprite;
    };

    Scrubber.prototype._drawCells = function (ctx, cells) {
        var drawn = this._drawn, F = this.F;
        ctx.font = "600 11px system-ui, sans-serif";
        ctx.textAlign = "center";
        ctx.textBaseline = "middle";
        Object.keys(cells).forEach(function (key) {
            var c = cells[key], x = c[0] / c[2], y = c[1] / c[2];
            if (c[2] === 1) {
                var st = F.styles[F.ev.k[c[3]] * F.statuses.length + F.ev.st[c[3]]];
                ctx.globalAlpha = 0.9;
                ctx.beginPath(); ctx.arc(x, y, st.radius, 0, 2 * Math.PI);
                ctx.fillStyle = st.fillColor; ctx.fill();
                ctx.lineWidth = 1; ctx.strokeStyle = st.color; ctx.stroke();
                drawn.push([x, y, st.radius, c[3], 1]);
                return;
            }
            var r = Math.min(24, 8 + 3 * Math.log(c[2]));
            ctx.globalAlpha = 0.85;
            ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI);
            ctx.fillStyle = "#333333"; ctx.fill();
            ctx.lineWidth = 2; ctx.strokeStyle = "#ffffff"; ctx.stroke();
            ctx.globalAlpha = 1; ctx.fillStyle = "#ffffff";
            ctx.fillText(String(c[2]), x, y);
            drawn.push([x, y, r, c[3], c[2]]);
        });
    };

    /* The drawn marker or cell under a container point (topmost), or null. */
    Scrubber.prototype.hit = function (point) {
        for (var j = this._drawn.length - 1; j >= 0; j--) {
            var m = this._drawn[j], dx = point.x - m[0], dy = point.y - m[1];
            if (dx * dx + dy * dy <= (m[2] + 2) * (m[2] + 2)) { return m; }
        }
        return null;
    };

    /* Every drawn marker (not cell) under a container point, topmost first. */
    Scrubber.prototype.hitAll = function (point) {
        var out = [];
        for (var j = this._drawn.length - 1; j >= 0; j--) {
            var m = this._drawn[j], dx = point.x - m[0], dy = point.y - m[1];
            if (m[4] === 1 && dx * dx + dy * dy <= (m[2] + 2) * (m[2] + 2)) { out.push(m[3]); }
        }
        return out;
    };

    /* What the last frame drew: [{x, y, r, index, count}] in container pixels. */
    Scrubber.prototype.drawn = function () {
        return this._drawn.map(function (m) {
            return {x: m[0], y: m[1], r: m[2], index: m[3], count: m[4]};
        });
    };

    Scrubber.prototype._props = function (i) {
        var ev = this.F.ev, S = this.F.str, out = {};
        ["p", "cl", "s", "q", "a", "src", "sd", "u"].forEach(function (name) {
            if (ev[name] && ev[name][i]) { out[name] = S[ev[name][i]]; }
        });
        out.d = this.F.dates[ev.d[i] - this.F.d0];
        out.k = this.F.kinds[ev.k[i]][0];
        out.cf = (ev.cf[i] / 100).toFixed(2);
        return out;
    };

    Scrubber.prototype._kind = function (i) {
        var k = this.F.kinds[this.F.ev.k[i]];
        return [k[1], k[2]];
    };

    Scrubber.prototype._eventHtml = function (i) {
        return this.opts.eventHtml ? this.opts.eventHtml(this._props(i), this._kind(i))
            : this._props(i).p;
    };

    /* Open the popup of event ``i``, listing ``others`` stacked under it too (what a click
     * on a marker does: markers at one place are all reachable). */
    Scrubber.prototype.openEvent = function (i, others) {
        var self = this, list = [i].concat((others || []).filter(function (j) {
            return j !== i;
        })), shown = list.slice(0, 12);
        var html = shown.map(function (j) { return self._eventHtml(j); })
            .join('<hr class="fl-sep">');
        if (list.length > shown.length) {
            html += '<div class="fl-meta">+' + (list.length - shown.length) + " more here</div>";
        }
        L.popup({className: "fl-popup", maxWidth: 360, maxHeight: 420})
            .setLatLng([this.F.ev.y[i], this.F.ev.x[i]])
            .setContent(box(html)).openOn(this.map);
    };

    Scrubber.prototype._bindEvents = function () {
        var self = this, map = this.map, tip = null, pending = false, last = null;
        // Captured on the container, before a zone under the marker gets the click (a
        // zone's popup would stop it reaching the map).
        map.getContainer().addEventListener("click", function (e) {
            if (map.dragging && map.dragging.moved && map.dragging.moved()) { return; }
            var target = e.target;
            if (target && target.closest && target.closest(".leaflet-control")) { return; }
            var point = map.mouseEventToContainerPoint(e), m = self.hit(point);
            if (!m) { return; }
            e.stopPropagation();
            if (m[4] > 1) {
                map.setView(map.containerPointToLatLng(point),
                            Math.min(map.getMaxZoom(), map.getZoom() + 2));
            } else {
                self.openEvent(m[3], self.hitAll(point));
            }
        }, true);
        map.on("mousemove", function (e) {
            last = e.containerPoint;
            if (pending) { return; }
            pending = true;
            L.Util.requestAnimFrame(function () {
                pending = false;
                var m = last && self.hit(last), el = map.getContainer();
                el.style.cursor = m ? "pointer" : "";
                if (!m) { if (tip) { map.closeTooltip(tip); tip = null; } return; }
                var i = m[3], p = self._props(i);
                var text = m[4] > 1 ? m[4] + " events" : p.d + " \u00b7 " + p.p + " \u00b7 "
                    + self._kind(i)[0];
                if (!tip) { tip = L.tooltip({className: "fl-tooltip"}); }
                tip.setLatLng(map.containerPointToLatLng(last)).setContent(box(text));
                map.openTooltip(tip);
            });
        });
    };

    Scrubber.prototype.show = function (i) {
        var t0 = performance.now();
        i = Math.max(0, Math.min(this.count - 1, Math.round(Number(i)) || 0));
        this.current = i;
        var setIndex = this.F.z[i];
        if (setIndex !== this._set) { this._syncZones(setIndex); }
        this._canvas.redraw();
        var day = this.days[i];
        if (this._slider) {
            this._slider.value = String(i);
            this._label.textContent = day;
        }
        if (this.F.stamps) {
            var stamp = this.F.stamps[i];
            document.querySelectorAll(".fl-stamp").forEach(function (el) {
                el.textContent = stamp;
            });
        }
        this.map.getContainer().setAttribute("data-day", day);
        this._frameTimes.push(performance.now() - t0);
        if (this._frameTimes.length > 2000) { this._frameTimes.splice(0, 1000); }
        if (this.opts.onShow) { this.opts.onShow(i); }
        return day;
    };

    Scrubber.prototype.index = function () { return this.current; };

    Scrubber.prototype.release = function () {
        if (this.opts.onRelease) { this.opts.onRelease(this.current); }
    };

    Scrubber.prototype.redraw = function () {
        this._syncZones(this.F.z[this.current]);
        this._canvas.redraw();
    };

    Scrubber.prototype.setFilter = function (filter) {
        this._filter = {kinds: filter.kinds || null, statuses: filter.statuses || null,
                        minConfidence: Number(filter.minConfidence) || 0};
        this._canvas.redraw();
    };

    Scrubber.prototype.setSides = function (sides) {
        this._sides = sides ? sides.slice() : null;
        if (this.current >= 0) { this._syncZones(this.F.z[this.current]); }
    };

    /* Zone layers shown (their escaped names, as in the frames; null: every layer). */
    Scrubber.prototype.setLayers = function (layers) {
        this._layers = layers && layers.length ? layers.slice() : null;
        if (this.current >= 0) { this._syncZones(this.F.z[this.current]); }
    };

    Scrubber.prototype.setFrontLine = function (on) {
        this._showFront = !!on;
        if (this.current >= 0) { this._syncZones(this.F.z[this.current]); }
    };

    /* Play forward at ``rate`` days a second, one frame at a time (never skipping). */
    Scrubber.prototype.play = function (rate) {
        var self = this;
        this.pause(true);
        this._rate = Math.max(1, Math.min(30, Number(rate) || this._rate || 5));
        if (this.current >= this.count - 1) { this.show(0); }
        var due = performance.now() + 1000 / this._rate;
        function tick(now) {
            if (!self._timer) { return; }
            if (now >= due) {
                due = Math.max(due + 1000 / self._rate, now - 1000 / self._rate);
                self.show(self.current + 1);
                if (self.current >= self.count - 1) { self.pause(); return; }
            }
            self._timer = requestAnimationFrame(tick);
        }
        this._timer = requestAnimationFrame(tick);
        if (this._play) { this._play.textContent = "Pause"; }
    };

    Scrubber.prototype.pause = function (quiet) {
        var was = !!this._timer;
        if (this._timer) { cancelAnimationFrame(this._timer); this._timer = null; }
        if (this._play) { this._play.textContent = "Play"; }
        if (was && !quiet) { this.release(); }
    };

    Scrubber.prototype.playing = function () { return !!this._timer; };

    Scrubber.prototype.stats = function () {
        var times = this._frameTimes.slice().sort(function (a, b) { return a - b; });
        var at = function (q) { return times.length ? times[Math.min(times.length - 1,
            Math.floor(q * times.length))] : 0; };
        return {frames: times.length, p50: at(0.5), p95: at(0.95)};
    };

    Scrubber.prototype._control = function () {
        var self = this, control = L.control({position: "topright"});
        control.onAdd = function () {
            var div = L.DomUtil.create("div", "fl-scrubber");
            var back = L.DomUtil.create("button", "fl-scrub-back", div);
            back.type = "button"; back.title = "Previous date"; back.textContent = "\u25c0";
            var slider = L.DomUtil.create("input", "fl-scrub-range", div);
            slider.type = "range"; slider.min = "0"; slider.step = "1";
            slider.max = String(self.count - 1);
            slider.setAttribute("data-role", "frontline-scrubber");
            slider.setAttribute("aria-label", "Date");
            var next = L.DomUtil.create("button", "fl-scrub-next", div);
            next.type = "button"; next.title = "Next date"; next.textContent = "\u25b6";
            var play = L.DomUtil.create("button", "fl-scrub-play", div);
            play.type = "button"; play.textContent = "Play";
            var speed = L.DomUtil.create("select", "fl-scrub-speed", div);
            speed.title = "Days per second";
            RATES.forEach(function (r) {
                var o = L.DomUtil.create("option", "", speed);
                o.value = String(r); o.textContent = r + "/s";
            });
            speed.value = "5";
            var label = L.DomUtil.create("span", "fl-scrub-date", div);
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            L.DomEvent.on(div, "mousedown touchstart pointerdown", L.DomEvent.stopPropagation);
            slider.addEventListener("input", function () { self.show(slider.value); });
            slider.addEventListener("change", function () { self.release(); });
            slider.addEventListener("keydown", function (e) {
                var step = {ArrowLeft: -7, ArrowDown: -7, ArrowRight: 7, ArrowUp: 7}[e.key];
                if (e.shiftKey && step) {
                    e.preventDefault();
                    self.show(self.current + step);
                    self.release();
                }
            });
            back.addEventListener("click", function () {
                self.show(self.current - 1); self.release();
            });
            next.addEventListener("click", function () {
                self.show(self.current + 1); self.release();
            });
            play.addEventListener("click", function () {
                if (self.playing()) { self.pause(); } else { self.play(Number(speed.value)); }
            });
            speed.addEventListener("change", function () { self._rate = Number(speed.value); });
            self._slider = slider; self._label = label; self._play = play;
            self._speed = speed;
            return div;
        };
        control.addTo(this.map);
    };

    root.FrontlineScrubber = {
        mount: function (map, frames, options) {
            var s = new Scrubber(map, frames, options);
            s.show(frames.initial || 0);
            return s;
        }
    };
})(window);
