using System.Text.RegularExpressions;

namespace Provisioning.TwilioEmulator.Profiles;

/// <summary>
/// The emulator's stand-in for Recall's hybrid semantic and lexical search: a BM25 variant scaled into 0..1 so that
/// <c>relevanceThreshold</c> means something. A memory's score is the share of the query's idf weight it covers. Each
/// query term contributes its idf times a BM25 saturation of its frequency (k1 = 1.2, b = 0.75), capped at 1, which one
/// occurrence in a memory of average length reaches. So a memory holding every query term scores about 1 (a little
/// less when it is long), one holding none scores 0, and rare terms count for more than common ones.
/// </summary>
public static partial class LexicalRelevance
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private static readonly HashSet<string> StopWords =
    [
        "a", "about", "an", "and", "are", "as", "at", "be", "been", "but", "by", "did", "do", "does", "for", "from", "had",
        "has", "have", "he", "her", "his", "i", "in", "is", "it", "its", "my", "no", "not", "of", "on", "or", "our", "she",
        "that", "the", "their", "they", "this", "to", "was", "we", "were", "with", "you", "your",
    ];

    /// <summary>Lower-cased words and numbers, stop words left out, plurals folded (<c>charges</c> → <c>charge</c>).</summary>
    public static IReadOnlyList<string> Terms(string text) =>
        [.. Words().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => !StopWords.Contains(w)).Select(Stem)];

    /// <summary>One score per document, rounded to 4 places; the documents are the corpus the idf is taken over.</summary>
    public static IReadOnlyList<double> Score(IReadOnlyList<string> queryTerms, IReadOnlyList<string> documents)
    {
        var terms = queryTerms.Distinct().ToList();
        var corpus = documents.Select(Terms).ToList();
        if (terms.Count == 0 || corpus.Count == 0) return [.. corpus.Select(_ => 0.0)];

        var averageLength = Math.Max(1, corpus.Average(words => words.Count));
        var idf = terms.ToDictionary(t => t, t =>
        {
            var containing = corpus.Count(words => words.Contains(t));
            return Math.Log(1 + ((corpus.Count - containing + 0.5) / (containing + 0.5)));
        });
        var queryWeight = idf.Values.Sum();
        return [.. corpus.Select(words =>
            Math.Round(terms.Sum(t => idf[t] * Saturation(words.Count(w => w == t), words.Count / averageLength)) / queryWeight, 4))];
    }

    private static double Saturation(int frequency, double relativeLength) =>
        frequency == 0 ? 0 : Math.Min(1, frequency * (K1 + 1) / (frequency + (K1 * (1 - B + (B * relativeLength)))));

    // Enough folding for "charges"/"charge" and "deliveries"/"delivery" to meet, without a real stemmer.
    private static string Stem(string word)
    {
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal)) return word[..^3] + "y";
        if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal))
        {
            return word[..^1];
        }

        return word;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Words();
}
