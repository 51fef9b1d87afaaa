"""A one-line progress bar for management commands that only a person at a terminal sees."""

WIDTH = 30


class ProgressBar:
    """Draws `label [#####.....] done/total` on a terminal; writes nothing to a file or a pipe.

    Use as a context manager and call `advance(n)` as work gets done; the bar is
    erased on exit so that the command's summary starts on a clean line.
    """

    def __init__(self, stream, *, total, label):
        self.stream = stream
        self.total = max(total, 0)
        self.label = label
        self.done = 0
        self.enabled = stream.isatty() and self.total > 0
        self._drawn = -1

    def __enter__(self):
        self._draw()
        return self

    def __exit__(self, *exc_info):
        if self.enabled:
            self.stream.write("\r\033[K", ending="")
            self.stream.flush()

    def advance(self, count=1):
        self.done = min(self.total, self.done + count)
        self._draw()

    def _draw(self):
        if not self.enabled:
            return
        filled = WIDTH * self.done // self.total
        # Redrawing is cheap, but a million tiny writes to a slow terminal are not.
        if filled == self._drawn and self.done != self.total:
            return
        self._drawn = filled
        bar = "#" * filled + "." * (WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total}", ending="")
        self.stream.flush()
