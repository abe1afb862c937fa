using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Sts.Resilience.Analyzers;

/// <summary>STSR006: an <c>ImmutableCredentials</c> snapshot kept in a field or property, where it outlives its expiry.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CredentialsSnapshotAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.CredentialsSnapshotInField,
        title: "ImmutableCredentials snapshot kept in a field",
        messageFormat: "'{0}' keeps an ImmutableCredentials snapshot that expires while this object lives; keep the AWSCredentials and call GetCredentialsAsync() when you need keys",
        RuleIdentifiers.Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "GetCredentials()/GetCredentialsAsync() return the keys valid now. Stored in a field they go stale; the AWSCredentials object is what refreshes.",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.CredentialsSnapshotInField));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (AwsTypes.Get(start.Compilation) is not { ImmutableCredentials: { } immutable, AWSCredentials: { } provider })
            {
                return;
            }

            // Only types that can hold a snapshot (a field or property of that type, declared or inherited)
            // get operation actions, so ordinary code costs one walk over its type's members.
            start.RegisterSymbolStartAction(
                symbolStart =>
                {
                    var type = (INamedTypeSymbol)symbolStart.Symbol;
                    if (type.DerivesFrom(provider) || !HasSnapshotMember(type, immutable))
                    {
                        return;
                    }

                    symbolStart.RegisterOperationAction(
                        operation =>
                        {
                            var (member, value) = operation.Operation switch
                            {
                                ISimpleAssignmentOperation assignment => (GetStoredMember(assignment.Target), assignment.Value),
                                IFieldInitializerOperation field when !field.InitializedFields.IsEmpty => (field.InitializedFields[0], field.Value),
                                IPropertyInitializerOperation property when !property.InitializedProperties.IsEmpty => (property.InitializedProperties[0], property.Value),
                                _ => ((ISymbol?)null, (IOperation?)null),
                            };

                            if (member is null || value is null
                                || !value.WalkDownConversions().Type.DerivesFrom(immutable)
                                // A credentials provider caches the snapshot it hands out: that is its job.
                                || member.ContainingType.DerivesFrom(provider))
                            {
                                return;
                            }

                            // An initializer is reported at its value; an assignment as a whole.
                            var location = operation.Operation is ISimpleAssignmentOperation ? operation.Operation.Syntax : value.Syntax;
                            operation.ReportDiagnostic(Diagnostic.Create(Rule, location.GetLocation(), member.Name));
                        },
                        OperationKind.SimpleAssignment,
                        OperationKind.FieldInitializer,
                        OperationKind.PropertyInitializer);
                },
                SymbolKind.NamedType);
        });
    }

    private static bool HasSnapshotMember(INamedTypeSymbol type, INamedTypeSymbol immutable)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                var memberType = member switch
                {
                    IFieldSymbol field => field.Type,
                    IPropertySymbol property => property.Type,
                    _ => null,
                };

                if (memberType is not null && memberType.DerivesFrom(immutable))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A field or property of this type (or a static one): not a property of an object being initialised.</summary>
    private static ISymbol? GetStoredMember(IOperation target) => target switch
    {
        IFieldReferenceOperation field when field.Field.IsStatic || field.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } => field.Field,
        IPropertyReferenceOperation property when property.Property.IsStatic || property.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } => property.Property,
        _ => null,
    };
}
