using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Konnaxion.Ops.ModuleLayout
{
    /// <summary>How a parameter is declared in one parameter set ([Parameter] attribute).</summary>
    public sealed record ParameterUse(string SetName, bool Mandatory, int Position, bool FromPipeline, bool FromPipelineByPropertyName, bool FromRemainingArguments)
    {
        public const string AllSets = "__AllParameterSets";
    }

    /// <summary>A public parameter of a compiled cmdlet: a property with [Parameter], declared on the cmdlet or a base class.</summary>
    public sealed record CmdletParameter(string Name, string TypeName, bool IsSwitch, IReadOnlyList<string> EnumValues, IReadOnlyList<ParameterUse> Uses,
        IReadOnlyList<string> Aliases, string? CompleterTypeName, string DeclaringTypeName);

    /// <summary>A type an [OutputType] names: whether it resolves, and whether it is one of the module's own.</summary>
    public sealed record OutputTypeRef(string Name, bool Resolves, bool IsModuleType);

    /// <summary>A cmdlet class of the compiled module, as PowerShell would see it.</summary>
    public sealed record CompiledCmdlet(string TypeName, string Verb, string Noun, bool SupportsShouldProcess, string? DefaultParameterSet,
        IReadOnlyList<string> BaseTypeNames, IReadOnlyList<OutputTypeRef> OutputTypes, IReadOnlyList<CmdletParameter> Parameters)
    {
        public string Name => Verb + "-" + Noun;
    }

    /// <summary>
    /// The compiled module read with MetadataLoadContext: its cmdlets, and PowerShell's approved verbs from the
    /// System.Management.Automation reference assembly it was compiled against. Nothing is loaded for execution.
    /// </summary>
    public sealed class CompiledModule
    {
        private const string Sma = "System.Management.Automation";

        /// <summary>The assemblies whose types are the module's own: they need views and help, System types do not.</summary>
        private static readonly string[] ModuleAssemblies = { "Konnaxion.Ops", "Konnaxion.Ops.Core" };

        private CompiledModule(IReadOnlyList<CompiledCmdlet> cmdlets, IReadOnlySet<string> approvedVerbs, IReadOnlySet<string> displayFormatMethods,
            IReadOnlyList<string> errorIds, IReadOnlyDictionary<string, IReadOnlySet<string>> typeProperties)
        {
            ErrorIds = errorIds;
            TypeProperties = typeProperties;
            Cmdlets = cmdlets;
            ApprovedVerbs = approvedVerbs;
            DisplayFormatMethods = displayFormatMethods;
        }

        public IReadOnlyList<CompiledCmdlet> Cmdlets { get; }

        public IReadOnlySet<string> ApprovedVerbs { get; }

        /// <summary>The public static methods of the helper the format file's script blocks call.</summary>
        public IReadOnlySet<string> DisplayFormatMethods { get; }

        /// <summary>Every ErrorId the module raises: the constants of Konnaxion.Ops.Errors.KxErrorIds.</summary>
        public IReadOnlyList<string> ErrorIds { get; }

        /// <summary>The public instance properties of each of the module's own public types, by full type name.</summary>
        public IReadOnlyDictionary<string, IReadOnlySet<string>> TypeProperties { get; }

        public const string DisplayFormatType = "Konnaxion.Ops.Commands.Formatting.DisplayFormat";

        /// <param name="cmdletAssembly">The built Konnaxion.Ops.dll; the assemblies beside it are read with it.</param>
        /// <param name="packageAssemblies">The package assemblies it was compiled against (see <see cref="PackageAssets"/>).</param>
        public static CompiledModule Read(string cmdletAssembly, IEnumerable<string> packageAssemblies)
        {
            if (!File.Exists(cmdletAssembly))
            {
                throw new FileNotFoundException($"The module is not built: {cmdletAssembly} is missing (build src/Konnaxion.Ops).", cmdletAssembly);
            }

            var folder = Path.GetDirectoryName(cmdletAssembly)!;
            var references = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
                .Concat(Directory.GetFiles(folder, "*.dll"))
                .Concat(packageAssemblies);
            using var context = new MetadataLoadContext(new PathAssemblyResolver(references));
            var assembly = context.LoadFromAssemblyPath(cmdletAssembly);
            var searched = ModuleAssemblies.Select(context.LoadFromAssemblyName).Append(context.CoreAssembly!).ToList();
            var cmdlets = assembly.GetExportedTypes()
                .Where(t => !t.IsAbstract && Attribute(t, "CmdletAttribute") != null)
                .Select(t => ReadCmdlet(t, searched))
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .ToList();
            var approved = context.LoadFromAssemblyName(Sma).GetExportedTypes()
                .Where(t => t.Namespace == Sma && t.Name.StartsWith("Verbs", StringComparison.Ordinal))
                .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
                .Select(f => (string)f.GetRawConstantValue()!)
                .ToHashSet(StringComparer.Ordinal);
            var displayFormat = assembly.GetType(DisplayFormatType)?.GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).ToHashSet(StringComparer.Ordinal)
                ?? new HashSet<string>();
            var errorIds = context.LoadFromAssemblyName("Konnaxion.Ops.Core").GetType("Konnaxion.Ops.Errors.KxErrorIds", throwOnError: true)!
                .GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
            var typeProperties = ModuleAssemblies.Select(context.LoadFromAssemblyName)
                .SelectMany(a => a.GetExportedTypes())
                .ToDictionary(t => t.FullName!, t => (IReadOnlySet<string>)t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase), StringComparer.Ordinal);
            return new CompiledModule(cmdlets, approved, displayFormat, errorIds, typeProperties);
        }

        private static CompiledCmdlet ReadCmdlet(Type type, IReadOnlyList<Assembly> searched)
        {
            var cmdlet = Attribute(type, "CmdletAttribute")!;
            var baseTypes = new List<string>();
            for (var t = type.BaseType; t != null; t = t.BaseType)
            {
                baseTypes.Add(t.FullName!);
            }

            var outputTypes = type.GetCustomAttributesData()
                .Where(a => a.AttributeType.FullName == Sma + ".OutputTypeAttribute")
                .SelectMany(a => (IEnumerable<CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!)
                .Select(argument => OutputTypeOf(argument.Value, searched))
                .ToList();
            var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetCustomAttributesData().Any(a => a.AttributeType.FullName == Sma + ".ParameterAttribute"))
                .Select(ReadParameter)
                .ToList();
            return new CompiledCmdlet(type.FullName!, (string)cmdlet.ConstructorArguments[0].Value!, (string)cmdlet.ConstructorArguments[1].Value!,
                Named(cmdlet, "SupportsShouldProcess", false), Named<string?>(cmdlet, "DefaultParameterSetName", null), baseTypes, outputTypes, parameters);
        }

        /// <summary>A typeof(X) argument is a Type; a string argument names a type that may or may not exist.</summary>
        private static OutputTypeRef OutputTypeOf(object? value, IReadOnlyList<Assembly> searched)
        {
            var type = value as Type ?? searched.Select(a => a.GetType((string)value!)).FirstOrDefault(t => t != null);
            return type == null
                ? new OutputTypeRef((string)value!, false, false)
                : new OutputTypeRef(type.FullName!, true, ModuleAssemblies.Contains(type.Assembly.GetName().Name!));
        }

        private static CmdletParameter ReadParameter(PropertyInfo property)
        {
            var uses = property.GetCustomAttributesData()
                .Where(a => a.AttributeType.FullName == Sma + ".ParameterAttribute")
                .Select(a => new ParameterUse(Named(a, "ParameterSetName", ParameterUse.AllSets), Named(a, "Mandatory", false), Named(a, "Position", int.MinValue),
                    Named(a, "ValueFromPipeline", false), Named(a, "ValueFromPipelineByPropertyName", false), Named(a, "ValueFromRemainingArguments", false)))
                .ToList();
            var aliases = property.GetCustomAttributesData()
                .Where(a => a.AttributeType.FullName == Sma + ".AliasAttribute")
                .SelectMany(a => (IEnumerable<CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!)
                .Select(a => (string)a.Value!)
                .ToList();
            var completer = property.GetCustomAttributesData()
                .FirstOrDefault(a => a.AttributeType.FullName == Sma + ".ArgumentCompleterAttribute")?.ConstructorArguments
                .Select(a => a.Value).OfType<Type>().FirstOrDefault()?.FullName;
            var type = property.PropertyType;
            var element = type.IsArray ? type.GetElementType()! : type;
            element = Nullable.GetUnderlyingType(element) ?? element;
            var enumValues = element.IsEnum ? element.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name).ToList() : new List<string>();
            return new CmdletParameter(property.Name, DisplayName(type), type.FullName == Sma + ".SwitchParameter", enumValues, uses, aliases, completer,
                property.DeclaringType!.FullName!);
        }

        /// <summary>The type as help shows it: String[], SecureString, KxEnvironment.</summary>
        private static string DisplayName(Type type)
        {
            var underlying = Nullable.GetUnderlyingType(type);
            return underlying != null ? DisplayName(underlying) : type.IsArray ? DisplayName(type.GetElementType()!) + "[]" : type.Name;
        }

        private static CustomAttributeData? Attribute(MemberInfo member, string name) =>
            member.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == Sma + "." + name);

        private static T Named<T>(CustomAttributeData attribute, string name, T fallback)
        {
            var argument = attribute.NamedArguments.FirstOrDefault(a => a.MemberName == name);
            return argument.MemberInfo == null ? fallback : (T)argument.TypedValue.Value!;
        }
    }
}
