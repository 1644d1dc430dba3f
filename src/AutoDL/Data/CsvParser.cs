using System.Text;

namespace AutoDL.Data;

/// <summary>Reads RFC 4180 CSV: comma separated, fields optionally in double quotes, "" for a quote, line breaks allowed inside quotes.</summary>
internal static class CsvParser
{
    public static IEnumerable<(int Line, string[] Fields)> ReadRows(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1;
        int rowLine = 1;
        bool quoted = false;
        bool fieldStarted = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            char ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    fieldStarted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    if (fieldStarted || field.Length > 0 || fields.Count > 0)
                    {
                        fields.Add(field.ToString());
                        yield return (rowLine, fields.ToArray());
                    }
                    fields.Clear();
                    field.Clear();
                    fieldStarted = false;
                    line++;
                    rowLine = line;
                    break;
                default:
                    field.Append(ch);
                    fieldStarted = true;
                    break;
            }
        }
        if (fieldStarted || field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (rowLine, fields.ToArray());
        }
    }
}
