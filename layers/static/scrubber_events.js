/* The frontline scrubber's events layer (part of frontline_scrubber.js, which documents the
 * API and applies this mixin to Scrubber.prototype): one canvas redrawn per frame from the
 * frames' columnar arrays (no layer per marker), the projection cache per zoom, marker
 * sprites, and counted cells at low zoom. Every drawn marker or cell is recorded in
 * this._drawn ([x, y, radius, event index, count]) for hit testing.
 */
(function (root) {
    "use strict";

    var parts = root.__flScrubberParts || (root.__flScrubberParts = {});

    function lowerBound(arr, value) {  // first index with arr[i] >= value (arr ascending)
        var lo = 0, hi = arr.length;
        while (lo < hi) {
            var mid = (lo + hi) >> 1;
            if (arr[mid] < value) { lo = mid + 1; } else { hi = mid; }
        }
        return lo;
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

    var events = parts.events = {};

    events._visible = function (i) {
        var ev = this.F.ev, f = this._filter;
        if (f.kinds && f.kinds.indexOf(this.F.kinds[ev.k[i]][0]) < 0) { return false; }
        if (f.statuses && f.statuses.indexOf(this.F.statuses[ev.st[i]]) < 0) { return false; }
        return ev.cf[i] >= f.minConfidence * 100 - 1e-9;
    };

    /* Pixel positions (at the map's zoom, layer origin 0) of every event, once per zoom
     * (about 5 ms for 50,000 events). */
    events._projected = function (zoom) {
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

    events._range = function () {  // [lo, hi) of the events in the window
        var t = this.F.t[this.current], d = this.F.ev.d;
        return [lowerBound(d, t - this.F.window + 1), lowerBound(d, t + 1)];
    };

    events._drawEvents = function (ctx, ratio) {
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
    events._sprite = function (key, ratio) {
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

    events._drawCells = function (ctx, cells) {
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

    parts.EventsCanvas = EventsCanvas;
})(window);
