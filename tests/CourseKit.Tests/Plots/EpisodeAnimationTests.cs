using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CourseKit.Display;
using CourseKit.Plots;

namespace CourseKit.Tests.Plots;

public class EpisodeAnimationTests
{
    /// <summary>A CartPole frame drawn the way Gymnasium draws it: 600x400, track, cart, pole, axle.</summary>
    internal static string CartPoleFrame(double x, double theta)
    {
        var inv = CultureInfo.InvariantCulture;
        double cartX = 300 + x * 60, tipX = cartX + 100 * Math.Sin(theta), tipY = 240 - 100 * Math.Cos(theta);
        return string.Create(inv,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"400\" viewBox=\"0 0 600 400\"><rect width=\"600\" height=\"400\" fill=\"#fff\"/>" +
            $"<line x1=\"0\" y1=\"250\" x2=\"600\" y2=\"250\" stroke=\"#000\"/>" +
            $"<rect x=\"{cartX - 25:0.#}\" y=\"235\" width=\"50\" height=\"30\" fill=\"#000\"/>" +
            $"<line x1=\"{cartX:0.#}\" y1=\"240\" x2=\"{tipX:0.#}\" y2=\"{tipY:0.#}\" stroke=\"#ca9865\" stroke-width=\"10\" stroke-linecap=\"round\"/>" +
            $"<circle cx=\"{cartX:0.#}\" cy=\"240\" r=\"5\" fill=\"#8184cb\"/></svg>");
    }

    internal static string[] CartPoleEpisode(int steps) =>
        Enumerable.Range(0, steps).Select(t => CartPoleFrame(Math.Sin(t / 40.0) * 1.5, Math.Sin(t / 7.0) * 0.15)).ToArray();

    internal static JsonElement PlayerData(string html)
    {
        var json = Regex.Match(html, @"var d = (\{.*?\});\n", RegexOptions.Singleline).Groups[1].Value;
        return JsonDocument.Parse(json).RootElement;
    }

    [Fact]
    public void SvgFramesAreStoredOnceWithTheirCommonPartsFactoredOut()
    {
        var frames = CartPoleEpisode(50).Concat(CartPoleEpisode(50)).ToArray();   // the second half repeats the first
        var anim = EpisodeAnimation.FromSvg(frames, fps: 50, title: "CartPole");
        var html = anim.ToHtml();
        var d = PlayerData(html);
        Assert.Equal("svg", d.GetProperty("kind").GetString());
        Assert.Equal(100, d.GetProperty("order").GetArrayLength());
        Assert.True(d.GetProperty("frames").GetArrayLength() <= 50);
        var prefix = d.GetProperty("prefix").GetString();
        var suffix = d.GetProperty("suffix").GetString();
        Assert.StartsWith("<svg xmlns=", prefix);
        Assert.EndsWith("</svg>", suffix);
        for (int i = 0; i < frames.Length; i++)
        {
            var middle = d.GetProperty("frames")[d.GetProperty("order")[i].GetInt32()].GetString();
            Assert.Equal(frames[i], prefix + middle + suffix);
        }
    }

    [Fact]
    public void ThePlayerHasPlayPauseASliderAFpsBoxAndTheFirstFrameInline()
    {
        var frames = CartPoleEpisode(10);
        var html = EpisodeAnimation.FromSvg(frames, fps: 24).ToHtml();
        Assert.Contains("class=\"ck-play\"", html);
        Assert.Contains("type=\"range\" min=\"0\" max=\"9\"", html);
        Assert.Contains("class=\"ck-fps\" type=\"number\" min=\"1\" max=\"240\" value=\"24\"", html);
        Assert.Contains("<div class=\"ck-stage\">" + frames[0] + "</div>", html);
        Assert.DoesNotContain("src=\"http", html);   // self-contained
        Assert.Single(Regex.Matches(html, "<script"));
    }

    [Fact]
    public void FramesCannotEndTheScript()
    {
        var evil = "<svg><text></script><!-- x --></text></svg>";
        var html = EpisodeAnimation.FromSvg([evil, "<svg></svg>"]).ToHtml();
        var script = html[html.IndexOf("<script", StringComparison.Ordinal)..];
        Assert.Single(Regex.Matches(script, "</script>"));
        Assert.DoesNotContain("<!--", script);
        var d = PlayerData(html);
        Assert.Equal(evil, d.GetProperty("prefix").GetString() + d.GetProperty("frames")[0].GetString() + d.GetProperty("suffix").GetString());
    }

    [Fact]
    public void A500FrameCartPoleEpisodeStaysSmall()
    {
        var frames = CartPoleEpisode(500);
        var html = EpisodeAnimation.FromSvg(frames).ToHtml();
        long raw = frames.Sum(f => (long)f.Length);
        // Measured: printed so the README's figure can be checked (dotnet test --logger "console;verbosity=detailed").
        Console.WriteLine($"500-frame CartPole animation: {html.Length:N0} bytes of HTML for {raw:N0} bytes of SVG frames");
        Assert.True(html.Length < 150_000, $"{html.Length} bytes");
        Assert.True(html.Length < raw * 0.6, $"{html.Length} bytes for {raw} bytes of frames");
    }

    [Fact]
    public void RgbFramesBecomePngDataUris()
    {
        var frames = Enumerable.Range(0, 3).Select(k => Enumerable.Range(0, 4 * 2 * 3).Select(i => (byte)(i * k)).ToArray()).ToArray();
        var anim = EpisodeAnimation.FromRgb(frames, width: 4, height: 2, fps: 10);
        var html = anim.ToHtml();
        var d = PlayerData(html);
        Assert.Equal("png", d.GetProperty("kind").GetString());
        var png = Convert.FromBase64String(d.GetProperty("frames")[1].GetString()!);
        Assert.Equal(0x89, png[0]);
        Assert.Contains("<img src=\"data:image/png;base64,", html);
        Assert.Contains("width=\"256\" height=\"128\"", html);   // 4x2 scaled by 64
        var e = Assert.Throws<ArgumentException>(() => EpisodeAnimation.FromRgb([new byte[24], new byte[23]], 4, 2));
        Assert.Contains("frame 1 has 23 bytes", e.Message);
    }

    [Fact]
    public void CaptionsThinningAndBadInput()
    {
        var anim = EpisodeAnimation.FromSvg(CartPoleEpisode(3)).WithCaptions(["step 0", "step 1", "step 2"]).WithAutoPlay(false);
        var d = PlayerData(anim.ToHtml());
        Assert.Equal("step 2", d.GetProperty("captions")[2].GetString());
        Assert.False(d.GetProperty("autoplay").GetBoolean());
        Assert.Throws<ArgumentException>(() => anim.WithCaptions(["one"]));

        var many = EpisodeAnimation.FromSvg(Enumerable.Repeat("<svg></svg>", 5000));
        Assert.Equal(1667, many.FrameCount);
        Assert.Contains("1 frame in 3 of 5000 recorded", many.ToString());

        Assert.Throws<ArgumentException>(() => EpisodeAnimation.FromSvg(Array.Empty<string>()));
        Assert.Throws<ArgumentException>(() => EpisodeAnimation.FromSvg(["not svg"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => EpisodeAnimation.FromSvg(["<svg/>"], fps: 0));
        Assert.True(Formatting.TryFormat(anim, MimeTypes.Html, out var html));
        Assert.Contains("coursekit-animation", html);
    }
}
