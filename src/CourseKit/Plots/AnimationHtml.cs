using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CourseKit.Display;

namespace CourseKit.Plots;

/// <summary>
/// The HTML player of an <see cref="EpisodeAnimation"/>. Frames travel as a JSON array inside the
/// script; SVG frames of one episode share most of their text (the svg element, the track, the
/// background), so the common prefix and suffix are stored once and identical frames only once.
/// </summary>
internal static class AnimationHtml
{
    private const string Player = """
        <script type="text/javascript">
        (function () {
          var root = document.getElementById("__ID__");
          if (!root) return;
          var d = __DATA__;
          var stage = root.querySelector(".ck-stage"), slider = root.querySelector(".ck-slider"),
              button = root.querySelector(".ck-play"), counter = root.querySelector(".ck-counter"),
              fpsBox = root.querySelector(".ck-fps"), caption = root.querySelector(".ck-caption");
          var n = d.order.length, frame = 0, timer = null;
          function show(i) {
            frame = Math.max(0, Math.min(n - 1, i));
            var f = d.frames[d.order[frame]];
            if (d.kind === "svg") stage.innerHTML = d.prefix + f + d.suffix;
            else stage.querySelector("img").src = "data:image/png;base64," + f;
            slider.value = frame;
            counter.textContent = (frame + 1) + " / " + n;
            root.setAttribute("data-frame", frame);
            if (caption && d.captions) caption.textContent = d.captions[frame];
          }
          function stop() { if (timer) clearTimeout(timer); timer = null; button.textContent = "\u25B6 play"; }
          function tick() {
            if (frame + 1 < n) show(frame + 1);
            else if (d.loop) show(0);
            else { stop(); return; }
            timer = setTimeout(tick, 1000 / Math.max(1, +fpsBox.value || d.fps));
          }
          function play() {
            if (frame + 1 >= n) show(0);
            button.textContent = "\u275A\u275A pause";
            timer = setTimeout(tick, 1000 / Math.max(1, +fpsBox.value || d.fps));
          }
          button.onclick = function () { timer ? stop() : play(); };
          slider.oninput = function () { stop(); show(+slider.value); };
          show(0);
          if (d.autoplay && n > 1) play();
        })();
        </script>
        """;

    public static string Render(EpisodeAnimation a)
    {
        var id = Html.NewId("coursekit-animation");
        var (prefix, suffix) = a.Kind == EpisodeAnimation.FrameKind.Svg ? CommonEnds(a.Frames) : ("", "");
        var unique = new List<string>();
        var index = new Dictionary<string, int>();
        var order = new int[a.Frames.Length];
        for (int i = 0; i < a.Frames.Length; i++)
        {
            var middle = a.Frames[i][prefix.Length..^suffix.Length];
            if (!index.TryGetValue(middle, out var k)) { k = unique.Count; index[middle] = k; unique.Add(middle); }
            order[i] = k;
        }

        var sb = new StringBuilder();
        sb.Append($"<div class=\"coursekit-animation\" id=\"{id}\" data-frame=\"0\" style=\"display:inline-block;font:13px sans-serif\">");
        if (a.Title is not null) sb.Append($"<div style=\"font-weight:bold;margin-bottom:4px\">{Html.Escape(a.Title)}</div>");
        // The first frame is in the markup itself, so the output is not empty where scripts do not run.
        sb.Append("<div class=\"ck-stage\">");
        if (a.Kind == EpisodeAnimation.FrameKind.Svg) sb.Append(a.Frames[0]);
        else
        {
            int scale = RgbImage.DisplayScaleFor(a.Width, a.Height);
            sb.Append($"<img src=\"data:image/png;base64,{a.Frames[0]}\" width=\"{a.Width * scale}\" height=\"{a.Height * scale}\" style=\"image-rendering:pixelated\" alt=\"episode frame\"/>");
        }
        sb.Append("</div>");
        sb.Append("<div class=\"ck-controls\" style=\"display:flex;gap:8px;align-items:center;margin-top:4px\">");
        sb.Append("<button class=\"ck-play\" type=\"button\">&#9654; play</button>");
        sb.Append($"<input class=\"ck-slider\" type=\"range\" min=\"0\" max=\"{a.FrameCount - 1}\" value=\"0\" style=\"flex:1;min-width:120px\"/>");
        sb.Append($"<span class=\"ck-counter\">1 / {a.FrameCount}</span>");
        sb.Append($"<label>fps <input class=\"ck-fps\" type=\"number\" min=\"1\" max=\"240\" value=\"{Html.Num(a.Fps)}\" style=\"width:4em\"/></label>");
        sb.Append("</div>");
        if (a.Captions is not null) sb.Append($"<div class=\"ck-caption\" style=\"margin-top:2px;color:#555\">{Html.Escape(a.Captions[0])}</div>");
        sb.Append("</div>\n");
        sb.Append(Player.Replace("__ID__", id).Replace("__DATA__", Data(a, prefix, suffix, unique, order)));
        return sb.ToString();
    }

    private static string Data(EpisodeAnimation a, string prefix, string suffix, List<string> unique, int[] order)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps SVG's many '<' as one byte instead of six; the two sequences that could
        // end or confuse the enclosing <script> are neutralised below.
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("kind", a.Kind == EpisodeAnimation.FrameKind.Svg ? "svg" : "png");
            w.WriteNumber("fps", a.Fps);
            w.WriteBoolean("autoplay", a.AutoPlay);
            w.WriteBoolean("loop", a.Loop);
            w.WriteString("prefix", prefix);
            w.WriteString("suffix", suffix);
            ChartJson.Strings(w, "frames", unique);
            w.WriteStartArray("order");
            foreach (var k in order) w.WriteNumberValue(k);
            w.WriteEndArray();
            if (a.Captions is not null) ChartJson.Strings(w, "captions", a.Captions);
            w.WriteEndObject();
        }
        return ScriptSafe(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>Makes JSON safe inside a script element: "&lt;/" becomes "&lt;\/" and "&lt;!--" becomes "&lt;\u0021--" (both still the same JSON strings).</summary>
    internal static string ScriptSafe(string json) => json.Replace("</", "<\\/").Replace("<!--", "<\\u0021--");

    /// <summary>The longest prefix and suffix shared by every frame (not overlapping in the shortest one).</summary>
    internal static (string Prefix, string Suffix) CommonEnds(string[] frames)
    {
        var first = frames[0];
        int shortest = frames.Min(f => f.Length);
        int p = 0;
        while (p < shortest && frames.All(f => f[p] == first[p])) p++;
        int s = 0;
        while (s < shortest - p && frames.All(f => f[^(s + 1)] == first[^(s + 1)])) s++;
        return (first[..p], first[^s..]);
    }
}
