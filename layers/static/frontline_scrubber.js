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
 *
 * Parts, plain JS concatenated in this order by layers.scrubber.scrubber_js (no build):
 * scrubber_events.js (the events canvas), scrubber_popups.js (hit testing, popups, tooltips)
 * and scrubber_controls.js (play/pause, stats, the Leaflet control) each put a mixin on
 * window.__flScrubberParts; this file, last, applies them to Scrubber.prototype.
 */
(function (root) {
    "use strict";

    var parts = root.__flScrubberParts;
    if (!parts || !parts.events || !parts.popups || !parts.controls) {
        throw new Error("frontline_scrubber.js: its parts (scrubber_*.js) must load first");
    }
    var EventsCanvas = parts.EventsCanvas, box = parts.box;

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

    Object.assign(Scrubber.prototype, parts.events, parts.popups, parts.controls);
    delete root.__flScrubberParts;

    root.FrontlineScrubber = {
        mount: function (map, frames, options) {
            var s = new Scrubber(map, frames, options);
            s.show(frames.initial || 0);
            return s;
        }
    };
})(window);
