using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using AutoDL.Internal;

namespace AutoDL.Tests.Engine;

/// <summary>
/// Every number AutoDL hands libtorch goes through <see cref="HeldScalars"/>; a temporary scalar can be finalized while
/// libtorch reads it and crash a run at random. The compiled library is read to hold the rule.
/// </summary>
public sealed class HeldScalarsRuleTests
{
    [Fact]
    public void AutoDL_passes_no_temporary_scalar_to_libtorch()
    {
        var offenders = TemporaryScalarCalls(typeof(HeldScalars).Assembly.Location)
            .Where(call => !call.Caller.StartsWith($"{nameof(HeldScalars)}.", StringComparison.Ordinal))
            .Select(call => $"{call.Caller} calls {call.Callee}")
            .Distinct()
            .ToList();

        Assert.True(offenders.Count == 0, "Use HeldScalars.Of for these numbers:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_rule_sees_a_temporary_scalar()
    {
        // This test assembly breaks the rule on purpose below, so the scan is known to find what it looks for.
        var calls = TemporaryScalarCalls(typeof(HeldScalarsRuleTests).Assembly.Location).Select(call => call.Caller).ToList();

        Assert.Contains($"{nameof(HeldScalarsRuleTests)}.{nameof(ScaledByTemporary)}", calls);
        Assert.Contains($"{nameof(HeldScalarsRuleTests)}.{nameof(FilledWithTemporary)}", calls);
        Assert.Contains($"{nameof(HeldScalarsRuleTests)}.{nameof(SummedWithTemporaryAlpha)}", calls);
        Assert.Contains($"{nameof(HeldScalarsRuleTests)}.{nameof(AddedWithTemporaryAlpha)}", calls);
        Assert.DoesNotContain($"{nameof(HeldScalarsRuleTests)}.{nameof(AddedWithHeldAlpha)}", calls);
        Assert.DoesNotContain($"{nameof(HeldScalarsRuleTests)}.{nameof(FilledWithHeld)}", calls);
    }

    private static TorchSharp.torch.Tensor ScaledByTemporary(TorchSharp.torch.Tensor x) => x * 2.0;

    private static TorchSharp.torch.Tensor FilledWithTemporary(TorchSharp.torch.Tensor x) => x.fill_(3.0);

    private static TorchSharp.torch.Tensor SummedWithTemporaryAlpha(TorchSharp.torch.Tensor x, TorchSharp.torch.Tensor y) => x + y;

    private static TorchSharp.torch.Tensor AddedWithTemporaryAlpha(TorchSharp.torch.Tensor x, TorchSharp.torch.Tensor y) => x.add_(y);

    private static TorchSharp.torch.Tensor AddedWithHeldAlpha(TorchSharp.torch.Tensor x, TorchSharp.torch.Tensor y) => x.add_(y, HeldScalars.One);

    private static TorchSharp.torch.Tensor FilledWithHeld(TorchSharp.torch.Tensor x, HeldScalars scalars) => x.fill_(scalars.Of(3.0));

    /// <summary>
    /// Calls that make a scalar nothing holds: a number converted to <c>Scalar</c> in place, <c>ToScalar</c>, or a tensor
    /// operator taking a number (TorchSharp converts it inside).
    /// </summary>
    private static IEnumerable<(string Caller, string Callee)> TemporaryScalarCalls(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var calls = new List<(string, string)>();
        foreach (var typeHandle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(typeHandle);
            foreach (var methodHandle in type.GetMethods())
            {
                var method = metadata.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress == 0)
                {
                    continue;
                }
                string caller = $"{metadata.GetString(type.Name)}.{metadata.GetString(method.Name)}";
                foreach (var callee in CalledMembers(pe.GetMethodBody(method.RelativeVirtualAddress), metadata))
                {
                    if (MakesTemporaryScalar(metadata, callee) is { } description)
                    {
                        calls.Add((caller, description));
                    }
                }
            }
        }
        return calls;
    }

    private static string? MakesTemporaryScalar(MetadataReader metadata, MemberReference callee)
    {
        if (callee.Parent.Kind != HandleKind.TypeReference)
        {
            return null;
        }
        string type = metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)callee.Parent).Name);
        string name = metadata.GetString(callee.Name);
        if ((type == "Scalar" && name == "op_Implicit") || (type == "ScalarExtensionMethods" && name == "ToScalar"))
        {
            return $"{type}.{name}";
        }
        if (type == "Tensor" && name.StartsWith("op_", StringComparison.Ordinal))
        {
            var signature = callee.DecodeMethodSignature(new TypeNames(), genericContext: null);
            // Tensor + tensor goes through add(tensor), which makes a temporary alpha of 1.
            if (signature.ParameterTypes.Any(IsNumber) || name == "op_Addition")
            {
                return $"Tensor.{name}({string.Join(", ", signature.ParameterTypes)})";
            }
        }
        // add(x) and add_(x) without an alpha, and arange(stop), make the missing numbers inside TorchSharp.
        if ((type == "Tensor" && name is "add" or "add_") || (type == "torch" && name == "arange"))
        {
            var signature = callee.DecodeMethodSignature(new TypeNames(), genericContext: null);
            int scalars = signature.ParameterTypes.TakeWhile(t => t is "Scalar" or "Tensor").Count();
            if (scalars == 1)
            {
                return $"{type}.{name}({string.Join(", ", signature.ParameterTypes)})";
            }
        }
        return null;
    }

    private static bool IsNumber(string typeName) => typeName is "Double" or "Single" or "Int32" or "Int64" or "Int16" or "Byte" or "SByte";

    /// <summary>The members that <c>call</c>, <c>callvirt</c> and <c>newobj</c> in a method body refer to.</summary>
    private static IEnumerable<MemberReference> CalledMembers(MethodBodyBlock body, MetadataReader metadata)
    {
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            int first = il.ReadByte();
            var code = first == 0xFE ? (ILOpCode)(0xFE00 | il.ReadByte()) : (ILOpCode)first;
            if (code is ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Newobj)
            {
                var handle = MetadataTokens.EntityHandle(il.ReadInt32());
                if (handle.Kind == HandleKind.MemberReference)
                {
                    yield return metadata.GetMemberReference((MemberReferenceHandle)handle);
                }
                continue;
            }
            SkipOperand(ref il, OperandTypes[(ushort)code]);
        }
    }

    private static readonly Dictionary<ushort, OperandType> OperandTypes = typeof(OpCodes).GetFields()
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(op => (ushort)op.Value, op => op.OperandType);

    private static void SkipOperand(ref BlobReader il, OperandType operand)
    {
        switch (operand)
        {
            case OperandType.InlineNone:
                break;
            case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                il.ReadByte();
                break;
            case OperandType.InlineVar:
                il.ReadInt16();
                break;
            case OperandType.InlineI8 or OperandType.InlineR:
                il.ReadInt64();
                break;
            case OperandType.InlineSwitch:
                int targets = il.ReadInt32();
                il.Offset += targets * 4;
                break;
            default:
                il.ReadInt32();
                break;
        }
    }

    /// <summary>Names types just enough to tell numbers from tensors.</summary>
    private sealed class TypeNames : ISignatureTypeProvider<string, object?>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeDefinition(handle).Name);
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeReference(handle).Name);
        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => "specification";
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[,]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetPinnedType(string elementType) => elementType;
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType;
        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;
        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;
        public string GetFunctionPointerType(MethodSignature<string> signature) => "method*";
    }
}
