using System.Xml.Linq;
using CourseKit.Display;
using CourseKit.Plots;

namespace CourseKit.Tests.Plots;

public class GridPlotTests
{
    private static readonly string[] Map4x4 = ["SFFF", "FHFH", "FFFH", "HFFG"];
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XElement Parse(SvgImage image) => XElement.Parse(image.ToSvg());

    private static Dictionary<int, int[]> Arrows(XElement svg) =>
        svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "arrow")
            .GroupBy(g => (int)g.Attribute("data-state")!)
            .ToDictionary(g => g.Key, g => g.Select(a => (int)a.Attribute("data-action")!).Order().ToArray());

    private static double[,] QTable()
    {
        var q = new double[16, 4];
        for (int s = 0; s < 16; s++) q[s, s % 4] = 0.1 + s / 100.0;  // greedy action = s mod 4
        q[0, 1] = q[0, 2] = 0.5;  // state 0: DOWN and RIGHT tie
        for (int a = 0; a < 4; a++) q[14, a] = 0.3;  // state 14: all tie, no arrow
        return q;
    }

    [Fact]
    public void QTableHeatmapDrawsGreedyArrowsExceptOnHolesAndTheGoal()
    {
        var svg = Parse(Plot.QTableHeatmap(QTable(), Map4x4));
        var arrows = Arrows(svg);
        Assert.Equal([1, 2], arrows[0]);           // ties get both arrows
        Assert.Equal([2], arrows[2]);              // RIGHT
        Assert.Equal([3], arrows[3]);              // UP
        Assert.Equal([1], arrows[13]);             // DOWN
        foreach (var hole in new[] { 5, 7, 11, 12 }) Assert.False(arrows.ContainsKey(hole), $"hole {hole} has an arrow");
        Assert.False(arrows.ContainsKey(15), "goal has an arrow");
        Assert.False(arrows.ContainsKey(14), "a state whose actions all tie has an arrow");

        var cells = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "cell").ToArray();
        Assert.Equal(16, cells.Length);
        Assert.Equal("H", (string?)cells[5].Attribute("data-kind"));
        Assert.Single(svg.Descendants(Svg + "ellipse"), e => (string?)e.Attribute("class") == "hole" && e.Parent == cells[12]);
        Assert.Single(cells[15].Elements(Svg + "rect"), r => (string?)r.Attribute("class") == "goal");
        var values = svg.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "value").Select(t => t.Value).ToArray();
        Assert.Contains("0.50", values);
        Assert.Equal(11, values.Length);   // 16 cells - 4 holes - goal
    }

    [Fact]
    public void QTableTextShowsThePolicyForConsoles()
    {
        var text = Plot.QTableHeatmap(QTable(), Map4x4).ToString();
        var lines = text.Split(Environment.NewLine);
        Assert.Equal(5, lines.Length);
        Assert.Equal("↓ ↓ → ↑", lines[1]);   // state 0 ties DOWN/RIGHT: the first (argmax) is shown
        Assert.Equal("← H → H", lines[2]);
        Assert.Equal("H ↓ · G", lines[4]);
    }

    [Fact]
    public void QTableShapeErrorsNameBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Plot.QTableHeatmap(new double[64, 4], Map4x4));
        Assert.Contains("64 states", e.Message);
        Assert.Contains("16 cells (4x4)", e.Message);
        Assert.Throws<ArgumentException>(() => Plot.QTableHeatmap(new double[16, 3], Map4x4));
        Assert.Throws<ArgumentException>(() => Plot.QTableHeatmap(new double[16, 4], ["SFFF", "FHF"]));
        Assert.Contains("'X'", Assert.Throws<ArgumentException>(() => Plot.QTableHeatmap(new double[4, 4], ["SX", "FG"])).Message);
    }

    [Fact]
    public void ValueFunctionColoursCellsByValueWithAnOptionalPolicy()
    {
        var v = Enumerable.Range(0, 16).Select(i => i / 15.0).ToArray();
        var policy = Enumerable.Repeat(2, 16).ToArray();
        policy[4] = -1;
        var svg = Parse(Plot.ValueFunction(v, Map4x4, policy));
        var arrows = Arrows(svg);
        Assert.Equal([2], arrows[0]);
        Assert.False(arrows.ContainsKey(4));
        var fills = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "cell")
            .Select(g => (string?)g.Element(Svg + "rect")!.Attribute("fill")).ToArray();
        Assert.Equal("#440154", fills[0]);    // the lowest value: viridis' dark end
        Assert.Equal("#fde725", fills[14]);   // the highest non-terminal value: viridis' bright end

        var grid = Parse(Plot.ValueFunction([1, 2, 3, 4, 5, 6], rows: 2, cols: 3));
        Assert.Empty(Arrows(grid));
        Assert.Throws<ArgumentException>(() => Plot.ValueFunction([1, 2], rows: 2, cols: 3));
        Assert.Throws<ArgumentException>(() => Plot.ValueFunction(new double[16], Map4x4, policy: new int[15]));
    }

    [Fact]
    public void SvgImageAddsTheNamespaceAndRejectsNonSvg()
    {
        var image = new SvgImage("<svg width=\"10\" height=\"10\"><rect width=\"5\" height=\"5\"/></svg>");
        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=", image.ToSvg());
        Assert.Contains(image.ToSvg(), image.ToHtml());
        Assert.Throws<ArgumentException>(() => new SvgImage("<div/>"));
    }
}
