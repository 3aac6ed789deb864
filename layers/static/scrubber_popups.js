/* The frontline scrubber's pointer handling (part of frontline_scrubber.js, which
 * documents the API and applies this mixin to Scrubber.prototype): hit testing of the
 * markers and cells last drawn, event popups and hover tooltips, and the click/mousemove
 * bindings on the map. Also parts.box, the popup/tooltip body (escaped HTML) shared with
 * the zone layers.
 */
(function (root) {
    "use strict";

    var parts = root.__flScrubberParts || (root.__flScrubberParts = {});

    function box(html) {
        var div = L.DomUtil.create("div");
        div.innerHTML = html;
        return div;
    }

    var popups = parts.popups = {};

    /* The drawn marker or cell under a container point (topmost), or null. */
    popups.hit = function (point) {
        for (var j = this._drawn.length - 1; j >= 0; j--) {
            var m = this._drawn[j], dx = point.x - m[0], dy = point.y - m[1];
            if (dx * dx + dy * dy <= (m[2] + 2) * (m[2] + 2)) { return m; }
        }
        return null;
    };

    /* Every drawn marker (not cell) under a container point, topmost first. */
    popups.hitAll = function (point) {
        var out = [];
        for (var j = this._drawn.length - 1; j >= 0; j--) {
            var m = this._drawn[j], dx = point.x - m[0], dy = point.y - m[1];
            if (m[4] === 1 && dx * dx + dy * dy <= (m[2] + 2) * (m[2] + 2)) { out.push(m[3]); }
        }
        return out;
    };

    /* What the last frame drew: [{x, y, r, index, count}] in container pixels. */
    popups.drawn = function () {
        return this._drawn.map(function (m) {
            return {x: m[0], y: m[1], r: m[2], index: m[3], count: m[4]};
        });
    };

    popups._props = function (i) {
        var ev = this.F.ev, S = this.F.str, out = {};
        ["p", "cl", "s", "q", "a", "src", "sd", "u"].forEach(function (name) {
            if (ev[name] && ev[name][i]) { out[name] = S[ev[name][i]]; }
        });
        out.d = this.F.dates[ev.d[i] - this.F.d0];
        out.k = this.F.kinds[ev.k[i]][0];
        out.cf = (ev.cf[i] / 100).toFixed(2);
        return out;
    };

    popups._kind = function (i) {
        var k = this.F.kinds[this.F.ev.k[i]];
        return [k[1], k[2]];
    };

    popups._eventHtml = function (i) {
        return this.opts.eventHtml ? this.opts.eventHtml(this._props(i), this._kind(i))
            : this._props(i).p;
    };

    /* Open the popup of event ``i``, listing ``others`` stacked under it too (what a click
     * on a marker does: markers at one place are all reachable). */
    popups.openEvent = function (i, others) {
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

    popups._bindEvents = function () {
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

    parts.box = box;
})(window);
