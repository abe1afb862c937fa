using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Sts.Resilience.Analyzers;

/// <summary>STSR006: an <c>ImmutableCredentials</c> snapshot kept in a field or property, where it outlives its expiry.</summary>
/// <remarks>
/// Every way a value reaches a member of the containing type is an operation of its own: <c>=</c>, compound and
/// <c>??=</c> assignments, field and property initializers, tuple deconstruction, and <c>out</c>/<c>ref</c> arguments.
/// Each action first checks the target (a field or property of this type, or a static one), which is the cheap,
/// allocation-free test that rejects almost every operation; only then is the value's type looked at.
/// </remarks>
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
            if (!CompilationReferences.HasAwsSdk(start.Compilation))
            {
                return;
            }

            // Every form below stores into a member of a type that declares a member able to hold a snapshot. Whether a
            // type does is worked out once per type, at its symbol start; code in other types (the usual case: snapshots
            // only in locals) gets no per-block, per-assignment or per-argument action at all, so the driver has nothing
            // of this rule to run inside their code blocks.
            var snapshots = new SnapshotTypes();
            start.RegisterSymbolStartAction(
                symbolStart =>
                {
                    var type = (INamedTypeSymbol)symbolStart.Symbol;
                    if (!snapshots.IsHolder(type))
                    {
                        return;
                    }

                    // A type's scope includes its nested types, which have their own start: only this type's own code here.
                    symbolStart.RegisterOperationAction(
                        operation =>
                        {
                            if (!SymbolEqualityComparer.Default.Equals(operation.ContainingSymbol.ContainingType, type))
                            {
                                return;
                            }

                            switch (operation.Operation.Kind)
                            {
                                case OperationKind.FieldInitializer or OperationKind.PropertyInitializer:
                                    AnalyzeInitializer(operation, snapshots);
                                    break;
                                case OperationKind.DeconstructionAssignment:
                                    AnalyzeDeconstruction(operation, snapshots);
                                    break;
                                case OperationKind.Argument:
                                    AnalyzeByRefArgument(operation, snapshots);
                                    break;
                                default:
                                    AnalyzeAssignment(operation, snapshots);
                                    break;
                            }
                        },
                        OperationKind.SimpleAssignment,
                        OperationKind.CompoundAssignment,
                        OperationKind.CoalesceAssignment,
                        OperationKind.FieldInitializer,
                        OperationKind.PropertyInitializer,
                        OperationKind.DeconstructionAssignment,
                        OperationKind.Argument);
                },
                SymbolKind.NamedType);

            // A record is a value that gets kept, initialised from anywhere: `new Session { Keys = … }`, `s with { Keys = … }`.
            start.RegisterOperationAction(operation => AnalyzeRecordInitializer(operation, snapshots), OperationKind.ObjectOrCollectionInitializer);

            // A positional record's parameter is a property with no assignment in source to report.
            start.RegisterSymbolAction(symbol => AnalyzeRecordParameter(symbol, snapshots), SymbolKind.Property);
        });
    }

    private static void AnalyzeRecordInitializer(OperationAnalysisContext context, SnapshotTypes snapshots)
    {
        var initializer = (IObjectOrCollectionInitializerOperation)context.Operation;
        if (initializer.Type is not INamedTypeSymbol { IsRecord: true } record || !snapshots.IsHolder(record))
        {
            return;
        }

        foreach (var member in initializer.Initializers)
        {
            if (member is ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member: IFieldSymbol or IPropertySymbol } target } assignment
                && SnapshotTypes.HoldsValue(assignment.Value)
                && snapshots.MayReport(target.Member))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), target.Member.Name));
            }
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, SnapshotTypes snapshots)
    {
        var assignment = (IAssignmentOperation)context.Operation;
        if (GetStoredMember(assignment.Target) is { } member
            && SnapshotTypes.HoldsValue(assignment.Value)
            && snapshots.MayReport(member))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), member.Name));
        }
    }

    private static void AnalyzeInitializer(OperationAnalysisContext context, SnapshotTypes snapshots)
    {
        var (member, value) = context.Operation switch
        {
            IFieldInitializerOperation field when !field.InitializedFields.IsEmpty => ((ISymbol)field.InitializedFields[0], field.Value),
            IPropertyInitializerOperation property when !property.InitializedProperties.IsEmpty => (property.InitializedProperties[0], property.Value),
            _ => ((ISymbol?)null, (IOperation?)null),
        };

        if (member is not null && value is not null && SnapshotTypes.HoldsValue(value) && snapshots.MayReport(member))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, value.Syntax.GetLocation(), member.Name));
        }
    }

    private static void AnalyzeDeconstruction(OperationAnalysisContext context, SnapshotTypes snapshots)
    {
        var deconstruction = (IDeconstructionAssignmentOperation)context.Operation;
        AnalyzeDeconstructedElement(context, snapshots, deconstruction.Target, deconstruction.Value, deconstruction.Value.Type);
    }

    /// <summary>Pairs each element of <c>(a, b) = …</c> (nested tuples included) with the value or the tuple element type it receives.</summary>
    private static void AnalyzeDeconstructedElement(OperationAnalysisContext context, SnapshotTypes snapshots, IOperation target, IOperation? value, ITypeSymbol? valueType)
    {
        if (target is ITupleOperation targets)
        {
            var values = value?.WalkDownConversions() as ITupleOperation;
            var elementTypes = valueType is INamedTypeSymbol { IsTupleType: true } tuple ? tuple.TupleElements : default;
            for (var i = 0; i < targets.Elements.Length; i++)
            {
                var elementValue = values is not null && i < values.Elements.Length ? values.Elements[i] : null;
                var elementType = !elementTypes.IsDefault && i < elementTypes.Length ? elementTypes[i].Type : null;
                AnalyzeDeconstructedElement(context, snapshots, targets.Elements[i], elementValue, elementType);
            }

            return;
        }

        // Deconstruct(out …) methods: the element's type is what the method hands out, which is the target's own type.
        if (GetStoredMember(target) is { } member
            && (value is not null ? SnapshotTypes.HoldsValue(value) : SnapshotTypes.Holds(valueType ?? GetMemberType(member)))
            && snapshots.MayReport(member))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, target.Syntax.GetLocation(), member.Name));
        }
    }

    private static void AnalyzeByRefArgument(OperationAnalysisContext context, SnapshotTypes snapshots)
    {
        var argument = (IArgumentOperation)context.Operation;
        if (argument.Parameter is not { RefKind: RefKind.Out or RefKind.Ref } parameter)
        {
            return;
        }

        if (GetStoredMember(argument.Value) is { } member && SnapshotTypes.Holds(parameter.Type) && snapshots.MayReport(member))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, argument.Syntax.GetLocation(), member.Name));
        }
    }

    private static void AnalyzeRecordParameter(SymbolAnalysisContext context, SnapshotTypes snapshots)
    {
        var property = (IPropertySymbol)context.Symbol;
        if (!property.ContainingType.IsRecord || !SnapshotTypes.Holds(property.Type) || !snapshots.MayReport(property))
        {
            return;
        }

        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(context.CancellationToken) is ParameterSyntax parameter)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, parameter.GetLocation(), property.Name));
            }
        }
    }

    private static ITypeSymbol? GetMemberType(ISymbol member) => member switch
    {
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    /// <summary>
    /// A field or property of this type (or a static one): not a property of some other object, which lives as long
    /// as its caller keeps it (records being initialised are <see cref="AnalyzeRecordInitializer"/>'s).
    /// </summary>
    private static ISymbol? GetStoredMember(IOperation target) => target switch
    {
        IFieldReferenceOperation field when IsOwnOrStatic(field.Field, field.Instance) => field.Field,
        IPropertyReferenceOperation property when IsOwnOrStatic(property.Property, property.Instance) => property.Property,
        _ => null,
    };

    private static bool IsOwnOrStatic(ISymbol member, IOperation? instance)
        => member.IsStatic || instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };

    /// <summary>Which types hold a snapshot, and which members may be reported.</summary>
    private sealed class SnapshotTypes
    {
        private const int MaximumDepth = 4;

        private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _declaresSnapshotMember = new(SymbolEqualityComparer.Default);

        /// <summary>Whether <paramref name="type"/> or a base type declares a field or property that can hold a snapshot and may be reported.</summary>
        public bool IsHolder(INamedTypeSymbol type)
        {
            for (var current = type.OriginalDefinition; current is not null; current = current.BaseType?.OriginalDefinition)
            {
                if (current.SpecialType == SpecialType.System_Object)
                {
                    return false;
                }

                if (DeclaresSnapshotMember(current))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether <paramref name="member"/> belongs to a type that declares a member able to hold a snapshot.</summary>
        public bool MayReport(ISymbol member) => DeclaresSnapshotMember(member.ContainingType.OriginalDefinition);

        private bool DeclaresSnapshotMember(INamedTypeSymbol type)
        {
            if (_declaresSnapshotMember.TryGetValue(type, out var declares))
            {
                return declares;
            }

            declares = false;
            if (MayReportIn(type))
            {
                foreach (var member in type.GetMembers())
                {
                    if (member is IFieldSymbol or IPropertySymbol && Holds(GetMemberType(member), 0))
                    {
                        declares = true;
                        break;
                    }
                }
            }

            _declaresSnapshotMember.TryAdd(type, declares);
            return declares;
        }

        /// <summary>
        /// <c>ImmutableCredentials</c> itself, or a type built on it: an array, a collection, <c>Lazy&lt;T&gt;</c>,
        /// <c>Task&lt;T&gt;</c>, a tuple. Not a delegate: a factory of snapshots is how fresh ones are obtained.
        /// </summary>
        public static bool Holds(ITypeSymbol? type) => Holds(type, 0);

        /// <summary>Whether a value holds a snapshot: by its type before conversions, and not <c>null</c> or <c>default</c>.</summary>
        public static bool HoldsValue(IOperation value)
        {
            value = value.WalkDownConversions();
            return value.ConstantValue is not { HasValue: true, Value: null } && Holds(value.Type, 0);
        }

        /// <summary>
        /// A credentials provider caches the snapshot it hands out (that is its job), and Sts.Resilience's own types
        /// are providers or their internals.
        /// </summary>
        private static bool MayReportIn(INamedTypeSymbol type) => !KnownType.AWSCredentials.IsBaseOf(type) && !IsLibraryNamespace(type.ContainingNamespace);

        /// <summary>Whether <paramref name="ns"/> is <c>Sts.Resilience</c> or inside it.</summary>
        private static bool IsLibraryNamespace(INamespaceSymbol? ns)
        {
            for (; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            {
                if (ns is { Name: "Resilience", ContainingNamespace: { Name: "Sts", ContainingNamespace.IsGlobalNamespace: true } })
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Holds(ITypeSymbol? type, int depth)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    return depth < MaximumDepth && Holds(array.ElementType, depth + 1);
                case INamedTypeSymbol named when named.TypeKind is not TypeKind.Delegate:
                    if (KnownType.ImmutableCredentials.IsBaseOf(named))
                    {
                        return true;
                    }

                    if (!named.IsGenericType || depth >= MaximumDepth)
                    {
                        return false;
                    }

                    foreach (var argument in named.TypeArguments)
                    {
                        if (Holds(argument, depth + 1))
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }
    }
}
