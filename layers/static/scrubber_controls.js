/* The frontline scrubber's playback and control (part of frontline_scrubber.js, which
 * documents the API and the DOM contract, and applies this mixin to Scrubber.prototype):
 * play/pause at a rate of days a second, frame-time stats, and the Leaflet control (the
 * range input, previous/next, play and speed).
 */
(function (root) {
    "use strict";

    var parts = root.__flScrubberParts || (root.__flScrubberParts = {});

    var RATES = [1, 2, 5, 10, 15, 20, 30];

    var controls = parts.controls = {};

    /* Play forward at ``rate`` days a second, one frame at a time (never skipping). */
    controls.play = function (rate) {
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

    controls.pause = function (quiet) {
        var was = !!this._timer;
        if (this._timer) { cancelAnimationFrame(this._timer); this._timer = null; }
        if (this._play) { this._play.textContent = "Play"; }
        if (was && !quiet) { this.release(); }
    };

    controls.playing = function () { return !!this._timer; };

    controls.stats = function () {
        var times = this._frameTimes.slice().sort(function (a, b) { return a - b; });
        var at = function (q) { return times.length ? times[Math.min(times.length - 1,
            Math.floor(q * times.length))] : 0; };
        return {frames: times.length, p50: at(0.5), p95: at(0.95)};
    };

    controls._control = function () {
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
})(window);
