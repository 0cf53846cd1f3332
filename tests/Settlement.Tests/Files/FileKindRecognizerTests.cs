using Settlement.Reconciliation.Files;

namespace Settlement.Tests.Files;

public sealed class FileKindRecognizerTests
{
    [Theory]
    [InlineData("payment_id,payment_type,amount,currency,timestamp,result_code", FileKind.Transactions)]
    [InlineData("line_id,settlement_date,batch_id,record_type,gross_amount,transaction_currency", FileKind.Settlement)]
    [InlineData("dispute_id,event,event_date,payment_id", FileKind.Chargebacks)]
    [InlineData("payment_id,final_amount,currency", FileKind.FinalAmounts)]
    [InlineData(" Payment_ID , FINAL_AMOUNT,Currency ", FileKind.FinalAmounts)]
    public void Each_kind_is_recognised_from_its_required_columns_trimmed_and_in_any_case(string header, FileKind kind) =>
        Assert.Equal(kind, FileKindRecognizer.Recognize(header.Split(',')).Value);

    [Fact]
    public void When_several_kinds_match_the_one_with_most_required_columns_wins()
    {
        // A transactions header holds final-amounts' "currency" but not "final_amount"; add it and both match.
        var header = "payment_id,payment_type,amount,currency,timestamp,result_code,final_amount".Split(',');

        Assert.Equal(FileKind.Transactions, FileKindRecognizer.Recognize(header).Value);
    }

    [Fact]
    public void A_header_of_no_kind_names_the_nearest_kind_and_its_missing_columns()
    {
        var mismatch = FileKindRecognizer.Recognize("settlement_date,gross_amount,transaction_currency".Split(',')).Error;

        Assert.Equal(FileKind.Settlement, mismatch.NearestKind);
        Assert.Equal("header matches no known kind: settlement lacks line_id, record_type", mismatch.Message);
    }
}
