/* The app's map component: Streamlit's component protocol (plain postMessage, no npm
 * build) around the shared scrubber (layers/static/frontline_scrubber.js).
 *
 * The page is the offline base map (layers.compose.base_map) with this script; Streamlit's
 * render message brings small args each rerun (the frames' URL, the sidebar's day, the
 * browser-side filters, overlays). The frames are fetched once per URL (gzip, decompressed
 * here) and swapped in place when the URL changes (zoom band, window, server filters).
 * Drag, keys and play draw in the browser; a release (or pause) and a settled pan/zoom
 * send {day, lat, lng, zoom, n, why} back: one rerun.
 *
 * Text in args and frames was escaped in Python; here it is only concatenated.
 */
(function (root) {
    "use strict";

    var RELEASE_DELAY_MS = 150, VIEW_DELAY_MS = 400, LEGEND_FOLD_PX = 600;
    var TICKET_POLL_MS = 1000, TICKET_POLLS = 600;  // ten minutes of waiting at most

    function send(type, extra) {
        var msg = {isStreamlitMessage: true, type: type};
        Object.keys(extra || {}).forEach(function (k) { msg[k] = extra[k]; });
        root.parent.postMessage(msg, "*");
    }

    function fetchFrames(url) {
        return fetch(url, {credentials: "same-origin"}).then(function (response) {
            if (!response.ok) { throw new Error("frames: HTTP " + response.status); }
            if (root.DecompressionStream && /\.gz$/.test(url)) {
                var stream = response.body.pipeThrough(new DecompressionStream("gzip"));
                return new Response(stream).json();
            }
            return response.json();
        });
    }

    function Host(map) {
        this.map = map;
        this.scrubber = null;
        this.args = null;
        this.framesUrl = null;
        this.ticket = null;      // the ticket being polled (frames still being built)
        this.resolved = {};      // ticket -> the frames URL it named
        this.loading = null;
        this.sent = 0;           // n of the last value sent
        this.shownArgsDay = null;
        this.overlayKey = null;
        this.overlays = L.layerGroup().addTo(map);
        this.flown = null;
        this._release = null;
        this._view = null;
        var self = this;
        map.on("moveend", function () { self.reportLater("view", VIEW_DELAY_MS); });
        root.addEventListener("message", function (e) {
            if (e.data && e.data.type === "streamlit:render") { self.render(e.data.args || {}); }
        });
        send("streamlit:componentReady", {apiVersion: 1});
    }

    Host.prototype.reportLater = function (why, delay) {
        var self = this;
        if (!this.scrubber) { return; }
        clearTimeout(this._view);
        if (why === "release") { clearTimeout(this._release); }
        var timer = setTimeout(function () { self.report(why); }, delay);
        if (why === "release") { this._release = timer; } else { this._view = timer; }
    };

    Host.prototype.report = function (why) {
        var s = this.scrubber, c = this.map.getCenter();
        if (!s || (s.playing() && why !== "release")) { return; }
        var view = [c.lat.toFixed(4), c.lng.toFixed(4), this.map.getZoom()].join(",");
        if (why === "view" && view === this.view) { return; }  // nothing moved
        this.view = view;
        this.sent += 1;
        send("streamlit:setComponentValue", {dataType: "json", value: {
            day: s.days[s.index()], lat: c.lat, lng: c.lng, zoom: this.map.getZoom(),
            n: this.sent, why: why}});
    };

    Host.prototype.render = function (args) {
        this.args = args;
        send("streamlit:setFrameHeight", {height: args.height || 680});
        if (!this.sized) { this.sized = true; this.fitFrame(); }
        if (args.n_seen !== undefined && args.n_seen > this.sent) { this.sent = args.n_seen; }
        this.drawOverlays(args);
        if (args.fly && JSON.stringify(args.fly) !== this.flown) {
            this.flown = JSON.stringify(args.fly);
            this.map.setView([args.fly[0], args.fly[1]], args.fly[2]);
        }
        // frames a ticket already brought stand for the quick ones a stale rerun names
        var want = (args.next && this.resolved[args.next]) || args.frames;
        if (args.next && !this.resolved[args.next]) { this.watch(args.next); }
        if (want && want !== this.framesUrl) { this.load(want); return; }
        this.apply();
    };

    /* Quick frames came with a ticket: poll it until it names the frames being built,
     * then swap them in (the day kept; no rerun). */
    Host.prototype.watch = function (ticket) {
        if (ticket === this.ticket) { return; }
        this.ticket = ticket;
        var self = this, polls = 0;
        function again() {
            polls += 1;
            if (polls < TICKET_POLLS && self.ticket === ticket) { setTimeout(poll, TICKET_POLL_MS); }
        }
        function poll() {
            fetch(ticket, {cache: "no-store", credentials: "same-origin"}).then(function (r) {
                return r.ok ? r.json() : null;
            }).then(function (body) {
                if (self.ticket !== ticket) { return; }
                if (!body) { again(); return; }
                self.ticket = null;
                if (body.frames) {
                    self.resolved[ticket] = body.frames;
                    if (body.frames !== self.framesUrl) { self.load(body.frames); }
                }
            }).catch(again);
        }
        setTimeout(poll, TICKET_POLL_MS);
    };

    /* The page was laid out before Streamlit sized its frame: measure the map again, and
     * unfold the legend that a then-narrow map folded (LEGEND_FOLD_PX as layers.legend). */
    Host.prototype.fitFrame = function () {
        var map = this.map;
        setTimeout(function () {
            map.invalidateSize();
            var details = document.querySelector(".fl-legend details");
            if (details && map.getSize().x >= LEGEND_FOLD_PX) { details.setAttribute("open", ""); }
        }, 0);
    };

    Host.prototype.load = function (url) {
        var self = this;
        this.framesUrl = url;
        var job = this.loading = fetchFrames(url).then(function (frames) {
            if (self.loading !== job) { return; }  // a newer URL came meanwhile
            self.loading = null;
            var args = self.args || {};
            if (!self.scrubber) {
                frames.initial = indexIn(frames.days, args.day);
                self.scrubber = root.flScrubber = FrontlineScrubber.mount(self.map, frames, {
                    eventHtml: root.flEventHtml,
                    onShow: function (i) { self.painted(i); },
                    onRelease: function () { self.reportLater("release", RELEASE_DELAY_MS); }
                });
                self.shownArgsDay = args.day;
                var c = self.map.getCenter();
                self.view = [c.lat.toFixed(4), c.lng.toFixed(4), self.map.getZoom()].join(",");
            } else {
                var s = self.scrubber, keep = s.days[s.index()];
                s.load(frames, keep);
            }
            self.apply();
        }).catch(function (err) {
            self.loading = null;
            self.map.getContainer().setAttribute("data-error", String(err));
            if (root.console) { root.console.error(err); }
        });
    };

    Host.prototype.painted = function (i) {
        root.__flShown = -1;
        var s = this.scrubber;
        requestAnimationFrame(function () { if (s && s.index() === i) { root.__flShown = i; } });
    };

    /* Filters, toggles and the sidebar's day onto the scrubber (nothing re-sent). */
    Host.prototype.apply = function () {
        var s = this.scrubber, a = this.args || {};
        if (!s) { return; }
        s.setFilter(a.filter || {});
        s.setSides(a.sides === undefined ? null : a.sides);
        s.setLayers(a.layers || null);
        s.setFrontLine(a.front !== false);
        // The sidebar's day, unless the viewer is playing or the server has not yet heard
        // the viewer's last release (its args would take the day back).
        var fresh = a.n_seen === undefined || a.n_seen >= this.sent;
        if (a.day && a.day !== this.shownArgsDay && fresh && !s.playing()) {
            this.shownArgsDay = a.day;
            if (s.days[s.index()] !== a.day) { s.show(s.indexOf(a.day)); }
        } else if (fresh) {
            this.shownArgsDay = a.day;
        }
    };

    Host.prototype.drawOverlays = function (args) {
        var key = JSON.stringify([args.highlight || null, args.places || []]);
        if (key === this.overlayKey) { return; }
        this.overlayKey = key;
        this.overlays.clearLayers();
        var h = args.highlight;
        if (h && h.g) {
            L.geoJSON(h.g, {style: {color: "#CC00CC", weight: 4, opacity: 1,
                                    fillColor: h.colour || "#CC00CC", fillOpacity: 0.35,
                                    className: "fl-highlight"}})
                .bindTooltip(box(h.label), {sticky: true}).addTo(this.overlays);
        }
        (args.places || []).forEach(function (p) {
            L.circleMarker([p[0], p[1]], {radius: 10, color: "#CC00CC", weight: 3,
                                          fill: false, className: "fl-search"})
                .bindTooltip(box(p[2]), {permanent: true, direction: "right"})
                .addTo(this.overlays);
        }, this);
    };

    function box(html) {
        var div = document.createElement("div");
        div.innerHTML = html;  // escaped in Python
        return div;
    }

    function indexIn(days, day) {
        var found = days.length - 1;
        if (!day) { return found; }
        for (var i = 0; i < days.length; i++) { if (days[i] <= day) { found = i; } }
        return found;
    }

    root.flStartComponent = function (map) { root.flMap = map; root.flHost = new Host(map); };
})(window);
