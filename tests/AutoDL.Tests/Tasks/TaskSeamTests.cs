using System.Text.RegularExpressions;
using AutoDL.Tests.TestData;

namespace AutoDL.Tests.Tasks;

/// <summary>
/// What differs between tasks lives in its task's folder and only there: no engine file outside
/// <c>src/AutoDL/Tasks/ImageClassification/</c> names a type declared inside it, except the one registration line of
/// <c>Tasks/TaskRegistry.cs</c>. So the next task plugs in beside it without the shared pipeline knowing either.
/// </summary>
public sealed partial class TaskSeamTests
{
    private const string TaskFolder = "Tasks/ImageClassification/";

    [Fact]
    public void No_engine_file_outside_the_image_classification_folder_names_a_type_declared_in_it()
    {
        var engine = Path.Combine(RepositoryPaths.Root(), "src", "AutoDL");
        var files = Directory.EnumerateFiles(engine, "*.cs", SearchOption.AllDirectories)
            .Select(path => (Relative: Path.GetRelativePath(engine, path).Replace('\\', '/'), Path: path))
            .Where(file => !file.Relative.StartsWith("obj/", StringComparison.Ordinal) && !file.Relative.StartsWith("bin/", StringComparison.Ordinal))
            .ToList();
        var declared = files.Where(f => f.Relative.StartsWith(TaskFolder, StringComparison.Ordinal)).SelectMany(f => DeclaredTypes(File.ReadAllText(f.Path))).ToHashSet(StringComparer.Ordinal);
        var outside = files.Where(f => !f.Relative.StartsWith(TaskFolder, StringComparison.Ordinal)).ToDictionary(f => f.Relative, f => File.ReadAllText(f.Path), StringComparer.Ordinal);

        var offences = Offences(declared, outside).Where(o => o != "Tasks/TaskRegistry.cs names ImageClassificationTask").ToList();

        Assert.Contains("ImageDataset", declared);
        Assert.Contains("ClassificationTraining", declared);
        Assert.True(offences.Count == 0, "Move these into the task's folder or behind the seam:\n" + string.Join("\n", offences));
    }

    [Fact]
    public void The_check_sees_a_type_named_in_code_or_documentation_but_not_an_enum_member_or_a_member_access()
    {
        var declared = DeclaredTypes("public sealed class ImageDataset : ImageSet { }\ninternal enum SelectionMetric { Accuracy }").ToList();
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Training/Uses.cs"] = "var x = new ImageDataset();",
            ["Data/Mentions.cs"] = "/// <see cref=\"SelectionMetric\"/>",
            ["Data/Member.cs"] = "enum Reason\n{\n    ImageDataset,\n}\nvar r = Reason.ImageDataset;",
        };

        var offences = Offences(declared, files);

        Assert.Equal(["ImageDataset", "SelectionMetric"], declared.Order(StringComparer.Ordinal));
        Assert.Equal(["Data/Mentions.cs names SelectionMetric", "Training/Uses.cs names ImageDataset"], offences.Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> DeclaredTypes(string source) => Declaration().Matches(source).Select(m => m.Groups["name"].Value);

    private static List<string> Offences(IReadOnlyCollection<string> declared, IReadOnlyDictionary<string, string> files)
    {
        var offences = new List<string>();
        foreach (var (file, source) in files)
        {
            var lines = source.Split('\n');
            foreach (var type in declared)
            {
                // Not after a dot (a member of another type, such as an enum value of the same name), and not an enum
                // member's own declaration line.
                var use = new Regex($@"(?<![.\w]){Regex.Escape(type)}\b", RegexOptions.CultureInvariant);
                var memberDeclaration = new Regex($@"^\s*{Regex.Escape(type)}\s*(=[^;]*)?,?\s*$", RegexOptions.CultureInvariant);
                if (lines.Any(line => use.IsMatch(line) && !memberDeclaration.IsMatch(line)))
                {
                    offences.Add($"{file} names {type}");
                }
            }
        }
        return offences;
    }

    [GeneratedRegex(@"^\s*(?:(?:public|internal|private|protected|file|sealed|static|abstract|readonly|partial)\s+)*(?:class|record struct|record|struct|enum|interface)\s+(?<name>[A-Z]\w*)", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex Declaration();
}
