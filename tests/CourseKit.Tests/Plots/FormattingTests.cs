using CourseKit.Display;
using CourseKit.Plots;
using CourseKit.Torch;

namespace CourseKit.Tests.Plots
{
    public class FormattingTests
    {
        [Fact]
        public void TheKernelConventionFindsChartFormatters()
        {
            var chart = Chart.Line(new[] { 1.0, 2.0 }, "r").WithTitle("T");
            Assert.Equal("text/html", Formatting.PreferredMimeTypes(chart)[0]);
            Assert.True(Formatting.TryFormat(chart, "text/html", out var html));
            Assert.Contains("Plotly.newPlot", html);
            Assert.True(Formatting.TryFormat(chart, "text/plain", out var text));
            Assert.Equal(chart.ToString(), text);
            Assert.False(Formatting.TryFormat(chart, "image/svg+xml", out _));
            Assert.False(Formatting.TryFormat(chart, "application/json", out _));
        }

        [Fact]
        public void TheAttributeHasTheShapeTheKernelLooksFor()
        {
            var attribute = typeof(Chart).GetCustomAttributes(true).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
            var sourceType = (Type)attribute.GetType().GetProperty("FormatterSourceType")!.GetValue(attribute)!;
            Assert.NotNull(sourceType.GetConstructor(Type.EmptyTypes));
            var formatters = ((System.Collections.IEnumerable)sourceType.GetMethod("CreateTypeFormatters")!.Invoke(Activator.CreateInstance(sourceType), null)!).Cast<object>().ToArray();
            Assert.Contains(formatters, f => (string?)f.GetType().GetProperty("MimeType")!.GetValue(f) == "text/html");
            foreach (var f in formatters)
            {
                // The kernel calls GetMethod("Format"): exactly one public method of that name.
                var format = f.GetType().GetMethod("Format");
                Assert.NotNull(format);
                Assert.Equal([typeof(object), typeof(TextWriter)], format.GetParameters().Select(p => p.ParameterType));
                Assert.Equal(typeof(bool), format.ReturnType);
            }
        }

        [Fact]
        public void SvgPicturesOfferHtmlAndSvg()
        {
            var image = new SvgImage("<svg width=\"4\" height=\"4\"></svg>", text: "tiny");
            Assert.True(Formatting.TryFormat(image, MimeTypes.Svg, out var svg));
            Assert.StartsWith("<svg xmlns=", svg);
            Assert.True(Formatting.TryFormat(image, MimeTypes.Html, out var html));
            Assert.Contains(svg, html);
            Assert.True(Formatting.TryFormat(image, MimeTypes.PlainText, out var text));
            Assert.Equal("tiny", text);
        }

        [Fact]
        public void TensorsShowShapeDtypeAndATableOfValues()
        {
            var t = torch.tensor(new float[] { 1, 2.5f, 3, 4, 5, 6 }, [2, 3]);
            Assert.True(Formatting.TryFormat(t, MimeTypes.Html, out var html));
            Assert.Contains("Tensor float32 [2, 3]", html);
            Assert.Contains("<table", html);
            Assert.Contains(">2.5</td>", html);
            Assert.True(Formatting.TryFormat(t, MimeTypes.PlainText, out var text));
            Assert.StartsWith("Tensor float32 [2, 3]", text);
            Assert.Contains(t.str(), text);
        }

        [Fact]
        public void LargeTensorsShowOnlyTheirEdges()
        {
            var t = torch.zeros(100, 200);
            Assert.True(Formatting.TryFormat(t, MimeTypes.Html, out var html));
            Assert.Equal(13 * 13, System.Text.RegularExpressions.Regex.Matches(html, "<td").Count);
            Assert.Contains(">199<", html);
            Assert.True(html.Length < 20_000, $"{html.Length} characters");
        }

        [Fact]
        public void ParametersInheritTheTensorFormatterAndRequiresGradShows()
        {
            var layer = torch.nn.Linear(3, 2);
            var weight = layer.parameters().First();
            Assert.True(Formatting.TryFormat(weight, MimeTypes.PlainText, out var text));
            Assert.StartsWith("Tensor float32 [2, 3], requires_grad", text);
            var scalar = torch.tensor(2.0).mul(3);
            Assert.True(Formatting.TryFormat(scalar, MimeTypes.Html, out var html));
            Assert.Contains(">6</div>", html);
        }

        [Fact]
        public void ForeignTypesFollowingTheConventionWorkToo()
        {
            var value = new Foreign.Thing();
            Assert.Equal(["text/markdown"], Formatting.PreferredMimeTypes(value).Take(1));
            Assert.True(Formatting.TryFormat(value, "text/markdown", out var md));
            Assert.Equal("**thing**", md);
            Assert.False(Formatting.TryFormat(value, MimeTypes.Html, out _));
            Assert.False(Formatting.HasFormatters(new object()));
            Assert.Equal("<pre>&lt;plain&gt;</pre>", Formatting.ToHtml(new Plain()));
        }

        [Fact]
        public void FormatterExceptionsSurfaceInsteadOfBlankOutput()
        {
            Assert.Throws<InvalidOperationException>(() => Formatting.TryFormat(new Foreign.Broken(), "text/html", out _));
        }

        private sealed class Plain
        {
            public override string ToString() => "<plain>";
        }
    }
}

// A type from "another library": its own attribute class, matched by name only, as in the kernel.
namespace Foreign
{
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
    {
        public Type FormatterSourceType { get; } = formatterSourceType;
        public string[]? PreferredMimeTypes { get; set; }
    }

    [TypeFormatterSource(typeof(Source), PreferredMimeTypes = ["text/markdown"])]
    public sealed class Thing;

    [TypeFormatterSource(typeof(Source))]
    public sealed class Broken;

    public sealed class Source
    {
        public IEnumerable<object> CreateTypeFormatters() => [new Markdown(), new BrokenHtml()];
    }

    public sealed class Markdown
    {
        public string MimeType => "text/markdown";
        public Type Type => typeof(Thing);
        public bool Format(object instance, TextWriter writer)
        {
            writer.Write("**thing**");
            return true;
        }
    }

    public sealed class BrokenHtml
    {
        public string MimeType => "text/html";
        public Type Type => typeof(Broken);
        public bool Format(object instance, TextWriter writer) => throw new InvalidOperationException("broken formatter");
    }
}
