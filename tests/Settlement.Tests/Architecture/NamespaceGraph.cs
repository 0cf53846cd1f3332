using System.Reflection;
using System.Reflection.Emit;

namespace Settlement.Tests.Architecture;

/// <summary>
/// Which capability namespace uses which, read from the compiled assemblies: signatures, attributes' types and every
/// type, method or field a method body names. A capability is a namespace cut to three parts
/// (<c>Settlement.Worker.Ingestion.Claims</c> belongs to <c>Settlement.Worker.Ingestion</c>).
/// </summary>
internal sealed class NamespaceGraph
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    private readonly Dictionary<(string From, string To), string> _examples = [];

    private NamespaceGraph(IEnumerable<Type> types)
    {
        foreach (var type in types)
        {
            var from = Capability(type);
            if (from is null)
            {
                continue;
            }

            foreach (var used in UsedTypes(type))
            {
                var to = Capability(used);
                if (to is not null && to != from)
                {
                    _examples.TryAdd((from, to), $"{type.FullName} uses {used.FullName}");
                }
            }
        }
    }

    public static NamespaceGraph Of(IEnumerable<Type> types) => new(types);

    /// <summary>The groups of capabilities that use each other in a circle, each with the edges that close it.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var nodes = _examples.Keys.SelectMany(edge => new[] { edge.From, edge.To }).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var next = nodes.ToDictionary(node => node, node => _examples.Keys.Where(edge => edge.From == node).Select(edge => edge.To).ToList(), StringComparer.Ordinal);
        var groups = new List<IReadOnlyList<string>>();
        foreach (var component in StronglyConnected(nodes, next).Where(component => component.Count > 1))
        {
            var members = component.ToHashSet(StringComparer.Ordinal);
            groups.Add([.. _examples.Where(edge => members.Contains(edge.Key.From) && members.Contains(edge.Key.To))
                .Select(edge => $"{edge.Key.From} -> {edge.Key.To} ({edge.Value})").Order(StringComparer.Ordinal)]);
        }

        return groups;
    }

    private static string? Capability(Type type)
    {
        var name = type.Namespace;
        if (name is null || !name.StartsWith("Settlement.", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = name.Split('.');
        return string.Join('.', parts.Take(3));
    }

    private static IEnumerable<Type> UsedTypes(Type type)
    {
        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new List<Type>();
        if (type.BaseType is not null)
        {
            found.Add(type.BaseType);
        }

        found.AddRange(type.GetInterfaces());
        found.AddRange(type.GetCustomAttributesData().Select(attribute => attribute.AttributeType));
        foreach (var field in type.GetFields(declared))
        {
            found.Add(field.FieldType);
        }

        foreach (var property in type.GetProperties(declared))
        {
            found.Add(property.PropertyType);
        }

        foreach (var method in type.GetMethods(declared).Cast<MethodBase>().Concat(type.GetConstructors(declared)))
        {
            if (method is MethodInfo info)
            {
                found.Add(info.ReturnType);
            }

            found.AddRange(method.GetParameters().Select(parameter => parameter.ParameterType));
            found.AddRange(BodyReferences(method));
        }

        return found.SelectMany(Unwrap);
    }

    // List<Ingestion.Line>[] uses Ingestion.Line.
    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType)
        {
            return Unwrap(type.GetElementType()!);
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            return type.GetGenericArguments().SelectMany(Unwrap).Append(type.GetGenericTypeDefinition());
        }

        return type.IsGenericParameter ? [] : [type];
    }

    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var position = 0;
        while (position < il.Length)
        {
            short value = il[position++];
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[position++]));
            }

            var code = OpCodesByValue[value];
            switch (code.OperandType)
            {
                case OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField:
                    var member = Resolve(method.Module, BitConverter.ToInt32(il, position), typeArguments, methodArguments);
                    if (member is Type used)
                    {
                        yield return used;
                    }
                    else if (member?.DeclaringType is not null)
                    {
                        yield return member.DeclaringType;
                    }

                    position += 4;
                    break;
                case OperandType.InlineSwitch:
                    position += 4 + (4 * BitConverter.ToInt32(il, position));
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    position += 1;
                    break;
                case OperandType.InlineVar:
                    position += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    position += 8;
                    break;
                default:
                    position += 4;
                    break;
            }
        }
    }

    private static MemberInfo? Resolve(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        try
        {
            return module.ResolveMember(token, typeArguments, methodArguments);
        }
        catch (ArgumentException)
        {
            // A token into another assembly's generic context that this context cannot close; its declaring type
            // is named elsewhere in the same body anyway.
            return null;
        }
    }

    private static List<List<string>> StronglyConnected(List<string> nodes, Dictionary<string, List<string>> next)
    {
        // Tarjan's algorithm; the graph has a few dozen nodes, so recursion depth is no concern.
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<List<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var target in next[node])
            {
                if (!index.TryGetValue(target, out var targetIndex))
                {
                    Visit(target);
                    low[node] = Math.Min(low[node], low[target]);
                }
                else if (onStack.Contains(target))
                {
                    low[node] = Math.Min(low[node], targetIndex);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                components.Add(component);
            }
        }

        foreach (var node in nodes.Where(node => !index.ContainsKey(node)))
        {
            Visit(node);
        }

        return components;
    }
}
