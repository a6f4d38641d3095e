using System.Globalization;
using System.Text;

namespace CourseKit.Notebooks.Grading;

/// <summary>
/// Merges the scores TAs give written answers into a class's grades. The CSV has one row per
/// student and question, <c>student,question,score[,comment]</c>, with or without that header;
/// with a header, other columns are ignored, so the <c>answers.csv</c> the grader writes can be
/// filled in and passed back. A row with an empty score is not graded yet. Each bad row is
/// reported on its own line with what to fix, and the good rows still merge.
/// </summary>
public static class ManualScores
{
    /// <summary>The merged grades and one line per row that was not merged.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static (ClassGrades Grades, IReadOnlyList<string> Problems) Merge(ClassGrades grades, string csvPath)
    {
        string name = Path.GetFileName(csvPath);
        var rows = Csv.Parse(File.ReadAllText(csvPath));
        var problems = new List<string>();
        int student = 0, question = 1, score = 2, comment = 3, first = 0;
        if (rows.Count > 0 && rows[0].Line.Select(c => c.Trim().ToLowerInvariant()).ToList() is var header && header.Contains("student"))
        {
            (student, question, score, comment) = (header.IndexOf("student"), header.IndexOf("question"), header.IndexOf("score"), header.IndexOf("comment"));
            if (question < 0 || score < 0)
                return (grades, [$"{name} line 1: the header needs the columns student, question and score (found: {string.Join(", ", rows[0].Line)}); nothing was merged."]);
            first = 1;
        }

        var byStudent = grades.Students.ToDictionary(s => s.Student, StringComparer.Ordinal);
        var given = new Dictionary<(string, string), int>();
        foreach (var (cells, lineNumber) in rows.Skip(first))
        {
            string where = $"{name} line {lineNumber}";
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            string Cell(int i) => i >= 0 && i < cells.Count ? cells[i].Trim() : "";
            string who = Cell(student), id = Cell(question), text = Cell(score);
            if (cells.Count <= Math.Max(student, Math.Max(question, score)))
            { problems.Add($"{where}: {cells.Count} column(s); expected student,question,score[,comment]."); continue; }
            if (text.Length == 0) continue; // not graded yet
            if (!byStudent.TryGetValue(who, out var grade))
            { problems.Add($"{where}: unknown student '{who}'; use a name from gradebook.csv ({Sample(byStudent.Keys)})."); continue; }
            var answer = grade.Notebooks.SelectMany(n => n.Answers).FirstOrDefault(a => a.QuestionId == id);
            if (answer is null)
            { problems.Add($"{where}: '{id}' is not a written question of {who}'s notebooks ({Sample(grade.Notebooks.SelectMany(n => n.Answers).Select(a => a.QuestionId))})."); continue; }
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double points) || !double.IsFinite(points))
            { problems.Add($"{where}: score '{text}' is not a number; write it like 1.5 (a dot for decimals)."); continue; }
            if (points < 0 || points > answer.MaxScore)
            { problems.Add($"{where}: score {text} for {who}'s {id} is outside 0 to {answer.MaxScore.ToString(CultureInfo.InvariantCulture)} (its points)."); continue; }
            if (given.TryGetValue((who, id), out int earlier))
            { problems.Add($"{where}: {who}'s {id} was already scored on line {earlier}; keep one row (the first was used)."); continue; }
            given[(who, id)] = lineNumber;
            string? note = Cell(comment) is { Length: > 0 } c ? c : null;
            byStudent[who] = grade with
            {
                Notebooks = grade.Notebooks.Select(n => n with
                {
                    Answers = n.Answers.Select(a => a.QuestionId == id ? a with { Score = points, Comment = note } : a).ToList(),
                }).ToList(),
            };
        }
        var merged = grades.Students.Select(s => byStudent[s.Student]).ToList();
        return (grades with { Students = merged }, problems);
    }

    static string Sample(IEnumerable<string> names)
    {
        var list = names.Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list.Take(5)) + (list.Count > 5 ? ", ..." : "");
    }
}

/// <summary>A small RFC 4180 reader: commas, double quotes (doubled inside), line breaks inside quotes.</summary>
internal static class Csv
{
    /// <summary>The rows, each with the line number it starts on.</summary>
    public static List<(List<string> Line, int Number)> Parse(string text)
    {
        var rows = new List<(List<string>, int)>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        int line = 1, rowStart = 1;
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; cell.Append(c); }
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r') { }
            else if (c == '\n')
            {
                cells.Add(cell.ToString()); cell.Clear();
                rows.Add((cells, rowStart));
                cells = [];
                rowStart = ++line;
            }
            else cell.Append(c);
        }
        if (cell.Length > 0 || cells.Count > 0) { cells.Add(cell.ToString()); rows.Add((cells, rowStart)); }
        return rows;
    }
}
