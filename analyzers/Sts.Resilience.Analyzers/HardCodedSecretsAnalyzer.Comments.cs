using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Sts.Resilience.Analyzers;

/// <summary>STSR001/STSR002 in comments and XML documentation: a key pasted into a comment leaks like one in a string.</summary>
public sealed partial class HardCodedSecretsAnalyzer
{
    // Where a comment can hold a secret. Searched in the file's text (for the compiler's source text, the file's own
    // string, so no copy): almost every file has none of them, and then no trivia is looked at.
    private static readonly string[] s_commentTriggers = ["AKIA", "ASIA", "IQoJb3JpZ2luX2Vj", "FwoGZXIvYXdzE", "FQoGZXIvYXdzE", "FQoDYXdzE", "AQoDYXdzE"];

    private const string SecretWord = "secret";

    private static void AnalyzeComments(SyntaxTreeAnalysisContext context)
    {
        var text = context.Tree.GetText(context.CancellationToken);
        if (text.Length < 20)
        {
            return;
        }

        var source = text.ToString();
        SyntaxNode? root = null;
        List<SyntaxTrivia>? comments = null;
        foreach (var trigger in s_commentTriggers)
        {
            CollectComments(context, source, trigger, StringComparison.Ordinal, ref root, ref comments);
        }

        CollectComments(context, source, SecretWord, StringComparison.OrdinalIgnoreCase, ref root, ref comments);
        if (comments is null)
        {
            return;
        }

        foreach (var comment in comments)
        {
            AnalyzeComment(context, comment);
        }
    }

    private static void CollectComments(SyntaxTreeAnalysisContext context, string source, string trigger, StringComparison comparison, ref SyntaxNode? root, ref List<SyntaxTrivia>? comments)
    {
        for (var index = source.IndexOf(trigger, comparison); index >= 0; index = source.IndexOf(trigger, index + trigger.Length, comparison))
        {
            root ??= context.Tree.GetRoot(context.CancellationToken);
            var trivia = root.FindTrivia(index);
            if (!IsComment(trivia))
            {
                continue;
            }

            comments ??= [];
            if (!comments.Contains(trivia))
            {
                comments.Add(trivia);
            }

            // The rest of this comment is judged as a whole.
            index = Math.Max(index, trivia.FullSpan.End - trigger.Length);
        }
    }

    private static bool IsComment(SyntaxTrivia trivia)
        => trivia.Kind() is SyntaxKind.SingleLineCommentTrivia or SyntaxKind.MultiLineCommentTrivia
            or SyntaxKind.SingleLineDocumentationCommentTrivia or SyntaxKind.MultiLineDocumentationCommentTrivia;

    private static void AnalyzeComment(SyntaxTreeAnalysisContext context, SyntaxTrivia comment)
    {
        var tree = context.Tree;
        var text = comment.ToFullString();
        var start = comment.FullSpan.Start;

        var token = SecretShapes.FindSessionToken(text, new AllowedPattern(context.Options, tree, RuleIdentifiers.HardCodedSessionToken));
        if (token is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(SessionTokenRule, At(tree, start, text, token), token.Substring(0, 16)));
        }

        var allowedKey = new AllowedPattern(context.Options, tree, RuleIdentifiers.HardCodedAccessKey);
        var keyId = SecretShapes.FindAccessKeyId(text, allowedKey);
        if (keyId is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(AccessKeyRule, At(tree, start, text, keyId), "access key id", Describe(keyId)));
        }

        // A 40-character key is only a secret where the comment says so, or sits beside a key id: a bare one may be any hash.
        if ((keyId is not null || text.IndexOf(SecretWord, StringComparison.OrdinalIgnoreCase) >= 0)
            && FindSecretKey(text, allowedKey) is { } secret)
        {
            context.ReportDiagnostic(Diagnostic.Create(AccessKeyRule, At(tree, start, text, secret), "secret access key", "in a comment"));
        }
    }

    /// <summary>The first run of exactly 40 base64 characters with a secret key's shape.</summary>
    private static string? FindSecretKey(string text, AllowedPattern allowed)
    {
        var run = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '+' or '/' or '='))
            {
                run++;
                continue;
            }

            if (run == SecretShapes.SecretKeyLength && SecretShapes.IsSecretAccessKey(text.Substring(i - run, run), allowed))
            {
                return text.Substring(i - run, run);
            }

            run = 0;
        }

        return null;
    }

    private static Location At(SyntaxTree tree, int commentStart, string commentText, string found)
        => Location.Create(tree, new TextSpan(commentStart + commentText.IndexOf(found, StringComparison.Ordinal), found.Length));
}
