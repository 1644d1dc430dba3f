using AutoDL.Server.Http;

namespace AutoDL.Server.Tests;

/// <summary>The byte budget that request bodies and decodes share.</summary>
public sealed class MemoryBudgetTests
{
    [Fact]
    public void Taking_more_than_is_free_fails_at_once_and_what_is_given_back_can_be_taken_again()
    {
        var budget = new MemoryBudget(100);

        Assert.True(budget.TryTake(60));
        Assert.False(budget.TryTake(41));
        Assert.True(budget.TryTake(40));
        Assert.Equal(100, budget.InUse);
        budget.Give(60);
        Assert.True(budget.TryTake(60));
        Assert.Throws<InvalidOperationException>(() => budget.Give(101));
        Assert.Equal(100, budget.InUse);
    }

    [Fact]
    public async Task A_waiting_taker_gets_its_bytes_when_they_are_given_back_and_takers_are_served_in_arrival_order()
    {
        var budget = new MemoryBudget(100);
        await budget.TakeAsync(100, CancellationToken.None);

        var large = budget.TakeAsync(80, CancellationToken.None).AsTask();
        var small = budget.TakeAsync(10, CancellationToken.None).AsTask();
        Assert.False(large.IsCompleted);
        // Nobody jumps the queue, even a taker that would fit: the large one would wait for ever otherwise.
        budget.Give(20);
        Assert.False(large.IsCompleted);
        Assert.False(small.IsCompleted);
        Assert.False(budget.TryTake(10));
        budget.Give(80);
        await large.WaitAsync(TimeSpan.FromSeconds(10));
        await small.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(90, budget.InUse);
    }

    [Fact]
    public async Task A_taker_that_gives_up_leaves_the_queue_and_lets_those_behind_it_in()
    {
        var budget = new MemoryBudget(100);
        await budget.TakeAsync(50, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var large = budget.TakeAsync(100, cancel.Token).AsTask();
        var small = budget.TakeAsync(50, CancellationToken.None).AsTask();
        Assert.False(small.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => large);
        await small.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(100, budget.InUse);
    }
}
